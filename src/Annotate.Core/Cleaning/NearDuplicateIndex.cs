namespace Annotate.Core.Cleaning;

/// <summary>
/// Groups near-duplicate texts: Jaccard similarity of their word-shingle sets (<see cref="NearDuplicateOptions"/>) at
/// or above the threshold. Candidates come from MinHash with LSH banding (<see cref="LshBanding"/>), every candidate
/// pair is verified, and verified pairs are joined transitively with union-find, so a group may hold two texts that
/// are only linked through a third. Texts with the same shingle set (exact duplicates included) always share a group;
/// texts without any word are never grouped. Not thread-safe: add from one thread.
/// </summary>
/// <remarks>
/// <para>Memory, per item: a text with fewer shingles than <see cref="NearDuplicateOptions.HashCount"/> keeps its
/// sorted shingle hashes (4 bytes each), a longer one keeps only its MinHash signature (HashCount × 4 bytes); both
/// also keep one 4-byte key per band, a 64-bit fingerprint and the shingle count. Measured with the defaults,
/// including list growth: about 330 bytes per 30-word text and 660 per long text, so a million items take
/// 0.35–0.7 GB. Grouping adds a sort buffer of 8 bytes per distinct item and the union-find (8 bytes per item).</para>
/// <para>Verification is exact when both texts kept their shingle sets, which is every text under ~128 words with the
/// defaults: for such texts the set is no larger than a signature, and exact Jaccard removes the ±0.035 standard
/// error that a 128-hash estimate has at 0.8, which would otherwise put about half of the pairs that sit right at the
/// threshold on the wrong side. When either text is longer, the fraction of agreeing signature positions is the
/// estimate. A size filter (Jaccard ≤ smaller/larger set size) skips hopeless pairs first.</para>
/// </remarks>
public sealed class NearDuplicateIndex
{
    private readonly NearDuplicateOptions options;
    private readonly MinHash minHash;
    private readonly LshBanding banding;

    // Per item: exact shingle set (Length < HashCount) or signature (Length == HashCount); empty when no words.
    private readonly List<uint[]> sketches = [];
    private readonly List<int> shingleCounts = [];
    private readonly List<ulong> fingerprints = [];
    private uint[] bandKeys = new uint[1024];

    private readonly List<uint> shingleBuffer = [];
    private readonly uint[] signatureBuffer;
    private readonly uint[] otherSignatureBuffer;
    private IReadOnlyList<NearDuplicateGroup>? groups;

    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is outside its range.</exception>
    public NearDuplicateIndex(NearDuplicateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        minHash = new MinHash(options.HashCount, options.Seed);
        banding = LshBanding.Choose(options.Threshold, options.HashCount);
        signatureBuffer = new uint[options.HashCount];
        otherSignatureBuffer = new uint[options.HashCount];
    }

    /// <summary>The banding chosen for the options' threshold and hash count.</summary>
    public LshBanding Banding => banding;

    /// <summary>Number of texts added.</summary>
    public int Count => sketches.Count;

    /// <summary>Adds a text and returns its index: 0 for the first text added, then 1, 2, …</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public int Add(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var index = sketches.Count;
        WordShingles.Collect(text, options.ShingleSize, shingleBuffer);
        var shingles = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shingleBuffer);

        EnsureBandKeyCapacity(index + 1);
        var keys = bandKeys.AsSpan(index * banding.Bands, banding.Bands);
        uint[] sketch;
        if (shingles.Length == 0)
        {
            sketch = [];
            keys.Clear();
        }
        else
        {
            minHash.Sign(shingles, signatureBuffer);
            for (var band = 0; band < banding.Bands; band++)
            {
                keys[band] = MinHash.BandKey(signatureBuffer, band, banding.Rows);
            }
            sketch = shingles.Length < options.HashCount ? shingles.ToArray() : (uint[])signatureBuffer.Clone();
        }

        sketches.Add(sketch);
        shingleCounts.Add(shingles.Length);
        fingerprints.Add(Fingerprint(sketch));
        groups = null;
        return index;
    }

    /// <summary>The groups of two or more near-duplicate texts, ordered by representative.</summary>
    public IReadOnlyList<NearDuplicateGroup> Groups() => groups ??= BuildGroups();

    private IReadOnlyList<NearDuplicateGroup> BuildGroups()
    {
        var count = sketches.Count;
        var sets = new UnionFind(count);
        var candidates = JoinIdenticalSketches(sets);

        var bandOrder = new ulong[candidates.Count];
        var run = new List<int>();
        var runGroups = new List<List<int>?>();
        for (var band = 0; band < banding.Bands; band++)
        {
            for (var k = 0; k < candidates.Count; k++)
            {
                var item = candidates[k];
                bandOrder[k] = ((ulong)bandKeys[item * banding.Bands + band] << 32) | (uint)item;
            }
            Array.Sort(bandOrder);

            for (var start = 0; start < bandOrder.Length;)
            {
                var key = bandOrder[start] >> 32;
                var end = start + 1;
                while (end < bandOrder.Length && bandOrder[end] >> 32 == key)
                {
                    end++;
                }
                if (end - start > 1)
                {
                    run.Clear();
                    for (var k = start; k < end; k++)
                    {
                        run.Add((int)(uint)bandOrder[k]);
                    }
                    JoinBucket(run, sets, runGroups);
                }
                start = end;
            }
        }

        return CollectGroups(sets, count);
    }

    /// <summary>Unions items whose sketches are equal (same shingle set, or same signature) without comparing them
    /// pairwise, and returns one item per distinct non-empty sketch: only those need LSH. This keeps a text that was
    /// pasted 100,000 times from turning every band bucket into 10¹⁰ pairs.</summary>
    private List<int> JoinIdenticalSketches(UnionFind sets)
    {
        var order = new List<(ulong Fingerprint, int Item)>(sketches.Count);
        for (var item = 0; item < sketches.Count; item++)
        {
            if (sketches[item].Length > 0)
            {
                order.Add((fingerprints[item], item));
            }
        }
        order.Sort();

        var distinct = new List<int>(order.Count);
        var runStart = 0;
        for (var k = 0; k < order.Count; k++)
        {
            if (k > 0 && order[k].Fingerprint != order[k - 1].Fingerprint)
            {
                runStart = distinct.Count;
            }
            var item = order[k].Item;
            var joined = false;
            // Equal fingerprints are compared for real: after a fingerprint collision both items stay distinct.
            for (var j = runStart; j < distinct.Count && !joined; j++)
            {
                if (sketches[distinct[j]].AsSpan().SequenceEqual(sketches[item]))
                {
                    sets.Union(distinct[j], item);
                    joined = true;
                }
            }
            if (!joined)
            {
                distinct.Add(item);
            }
        }
        return distinct;
    }

    /// <summary>
    /// Verifies the items of one band bucket against each other. The bucket's items are kept in groups, each within
    /// one component; an item is compared with the members of each other group until one verifies, and skips the group
    /// it already belongs to. A bucket of m near-identical items then costs about m checks instead of m²/2, while every
    /// pair that could join two components is still tried.
    /// </summary>
    private void JoinBucket(List<int> bucket, UnionFind sets, List<List<int>?> bucketGroups)
    {
        bucketGroups.Clear();
        foreach (var item in bucket)
        {
            var home = -1;
            for (var g = 0; g < bucketGroups.Count; g++)
            {
                var members = bucketGroups[g];
                if (members is null)
                {
                    continue;
                }
                var joined = sets.Find(members[0]) == sets.Find(item);
                for (var m = 0; !joined && m < members.Count; m++)
                {
                    if (AreNearDuplicates(item, members[m]))
                    {
                        sets.Union(item, members[m]);
                        joined = true;
                    }
                }
                if (!joined)
                {
                    continue;
                }
                if (home < 0)
                {
                    home = g;
                }
                else
                {
                    bucketGroups[home]!.AddRange(members);
                    bucketGroups[g] = null;
                }
            }
            if (home < 0)
            {
                bucketGroups.Add([item]);
            }
            else
            {
                bucketGroups[home]!.Add(item);
            }
        }
    }

    private bool AreNearDuplicates(int a, int b)
    {
        var sizeA = shingleCounts[a];
        var sizeB = shingleCounts[b];
        if (Math.Min(sizeA, sizeB) < options.Threshold * Math.Max(sizeA, sizeB))
        {
            return false;
        }

        var sketchA = sketches[a];
        var sketchB = sketches[b];
        var hashCount = options.HashCount;
        if (sketchA.Length < hashCount && sketchB.Length < hashCount)
        {
            return ExactJaccard(sketchA, sketchB) >= options.Threshold;
        }

        ReadOnlySpan<uint> signatureA = sketchA;
        ReadOnlySpan<uint> signatureB = sketchB;
        if (sketchA.Length < hashCount)
        {
            minHash.Sign(sketchA, signatureBuffer);
            signatureA = signatureBuffer;
        }
        if (sketchB.Length < hashCount)
        {
            minHash.Sign(sketchB, otherSignatureBuffer);
            signatureB = otherSignatureBuffer;
        }
        var agree = 0;
        for (var i = 0; i < hashCount; i++)
        {
            if (signatureA[i] == signatureB[i])
            {
                agree++;
            }
        }
        return agree >= options.Threshold * hashCount;
    }

    /// <summary>|A ∩ B| / |A ∪ B| of two sorted sets.</summary>
    internal static double ExactJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        var union = a.Length + b.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }

    private static List<NearDuplicateGroup> CollectGroups(UnionFind sets, int count)
    {
        var membersByRoot = new Dictionary<int, List<int>>();
        var result = new List<NearDuplicateGroup>();
        for (var item = 0; item < count; item++)
        {
            if (sets.SizeOf(item) < 2)
            {
                continue;
            }
            var root = sets.Find(item);
            if (!membersByRoot.TryGetValue(root, out var members))
            {
                // Items are visited in ascending order, so the first one met is the lowest index: the representative.
                members = [];
                membersByRoot.Add(root, members);
                result.Add(new NearDuplicateGroup(item, members));
            }
            members.Add(item);
        }
        return result;
    }

    private static ulong Fingerprint(ReadOnlySpan<uint> sketch)
    {
        var hash = 0x13198A2E03707344UL ^ (ulong)sketch.Length;
        foreach (var value in sketch)
        {
            hash = WordShingles.Mix64((hash ^ value) * 0x9E3779B97F4A7C15UL);
        }
        return hash;
    }

    private void EnsureBandKeyCapacity(int items)
    {
        var needed = (long)items * banding.Bands;
        if (needed > bandKeys.Length)
        {
            Array.Resize(ref bandKeys, (int)Math.Min(Math.Max(needed, (long)bandKeys.Length * 2), Array.MaxLength));
        }
    }
}
