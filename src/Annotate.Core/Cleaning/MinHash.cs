namespace Annotate.Core.Cleaning;

/// <summary>
/// MinHash signatures of shingle-hash sets and the LSH band keys cut from them. Hash function i maps a shingle hash
/// x to fmix32(x·aᵢ + sᵢ) with aᵢ odd: x·aᵢ + sᵢ is a bijection of 32-bit values and the mixer scrambles its order, so
/// each function behaves as an independent random permutation of the (already random) shingle hashes.
/// </summary>
internal sealed partial class MinHash
{
    private readonly uint[] multipliers;
    private readonly uint[] offsets;

    public MinHash(int hashCount, ulong seed)
    {
        multipliers = new uint[hashCount];
        offsets = new uint[hashCount];
        var state = seed;
        for (var i = 0; i < hashCount; i++)
        {
            multipliers[i] = (uint)SplitMix64(ref state) | 1;
            offsets[i] = (uint)SplitMix64(ref state);
        }
    }

    public int HashCount => multipliers.Length;

    /// <summary>Writes the signature of <paramref name="shingles"/> (non-empty) into <paramref name="signature"/>.</summary>
    public void Sign(ReadOnlySpan<uint> shingles, Span<uint> signature)
    {
        var vectorized = SignVectorized(shingles, signature);
        SignScalar(shingles, signature, from: vectorized);
    }

    /// <summary>Hash functions [<paramref name="from"/>, HashCount) one at a time.</summary>
    internal void SignScalar(ReadOnlySpan<uint> shingles, Span<uint> signature, int from = 0)
    {
        signature[from..HashCount].Fill(uint.MaxValue);
        var a = multipliers.AsSpan();
        var s = offsets.AsSpan();
        foreach (var x in shingles)
        {
            for (var i = from; i < a.Length; i++)
            {
                var h = Mix32(x * a[i] + s[i]);
                if (h < signature[i])
                {
                    signature[i] = h;
                }
            }
        }
    }

    /// <summary>Hash of rows [band·rows, band·rows + rows) of <paramref name="signature"/>.</summary>
    public static uint BandKey(ReadOnlySpan<uint> signature, int band, int rows)
    {
        var hash = 0x452821E638D01377UL ^ (ulong)band;
        foreach (var value in signature.Slice(band * rows, rows))
        {
            hash = WordShingles.Mix64((hash ^ value) * 0x9E3779B97F4A7C15UL);
        }
        return (uint)(hash >> 32);
    }

    internal static uint Mix32(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
