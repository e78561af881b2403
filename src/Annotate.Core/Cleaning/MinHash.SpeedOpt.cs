using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Annotate.Core.Cleaning;

internal sealed partial class MinHash
{
    /// <summary>The same functions as <see cref="SignScalar"/>, eight at a time with 256-bit vectors: each block of
    /// eight minimums stays in a register while every shingle passes through it. Returns how many hash functions it
    /// filled (a multiple of 8, or 0 without hardware support).</summary>
    internal int SignVectorized(ReadOnlySpan<uint> shingles, Span<uint> signature)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return 0;
        }
        var blocks = HashCount / Vector256<uint>.Count;
        ref var a = ref MemoryMarshal.GetArrayDataReference(multipliers);
        ref var s = ref MemoryMarshal.GetArrayDataReference(offsets);
        ref var output = ref MemoryMarshal.GetReference(signature);
        for (var block = 0; block < blocks; block++)
        {
            var offset = (nuint)(block * Vector256<uint>.Count);
            var multiplier = Vector256.LoadUnsafe(ref a, offset);
            var add = Vector256.LoadUnsafe(ref s, offset);
            var minimum = Vector256<uint>.AllBitsSet;
            foreach (var x in shingles)
            {
                minimum = Vector256.Min(minimum, Mix32(Vector256.Create(x) * multiplier + add));
            }
            minimum.StoreUnsafe(ref output, offset);
        }
        return blocks * Vector256<uint>.Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Mix32(Vector256<uint> h)
    {
        h ^= Vector256.ShiftRightLogical(h, 16);
        h *= 0x85EBCA6B;
        h ^= Vector256.ShiftRightLogical(h, 13);
        h *= 0xC2B2AE35;
        h ^= Vector256.ShiftRightLogical(h, 16);
        return h;
    }
}
