using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Annotate.Core.WeakSupervision;

/// <summary>
/// The posterior of a model in which LFs vote independently given the true class: P(y | votes) ∝ prior(y) ×
/// Π over votes of factors[cell × K + y] (factors must be positive). Dawid–Skene and the matrix-completion model both
/// predict this way; abstentions contribute nothing.
/// </summary>
/// <remarks>
/// <para>The product is taken in linear space: multiplications only, no logarithm or exponential per vote or item,
/// which is what makes a pass over a million items take milliseconds. When an item has so many votes that its
/// product leaves [1e-280, 1e280], that item is recomputed with logarithms.</para>
/// <para>The inner loops index with <see cref="Unsafe.Add{T}(ref T, int)"/> after the bounds are established once
/// (cells are &lt; LFs × K by construction of <see cref="LabelMatrix"/>, tables hold LFs × K × K entries). The
/// posterior stays in registers: two classes in one 128-bit vector; 3–8 classes run on one or two 256-bit vectors
/// over copies of the tables padded to 4 or 8 classes (neutral factors of 1, a prior of 0 in the padding).</para>
/// </remarks>
internal static class VoteLikelihood
{
    private const double Floor = 1e-280;
    private const double Ceiling = 1e280;

    /// <summary>
    /// One pass over every item: each covered item's posterior is added to <paramref name="classTotals"/> and, per vote,
    /// to counts[cell × K + y] (the expected counts of an EM step) when <paramref name="counts"/> is given, and written
    /// to <paramref name="probabilities"/> when that is given (uncovered items then get the prior).
    /// </summary>
    public static void Pass(LabelMatrix matrix, double[] factors, ReadOnlySpan<double> prior, double[]? counts, double[]? classTotals, double[]? probabilities)
    {
        var k = matrix.ClassCount;
        if (factors.Length < matrix.LfCount * k * k || (counts is not null && counts.Length < factors.Length)
            || (classTotals is not null && classTotals.Length < k) || (probabilities is not null && probabilities.Length < (long)matrix.ItemCount * k))
        {
            throw new ArgumentException("A table is smaller than the matrix needs.");
        }
        if (k == 2)
        {
            PassBinary(matrix, factors, prior[0], prior[1], counts, classTotals, probabilities);
            return;
        }
        if (k <= 8 && Vector256.IsHardwareAccelerated)
        {
            PassVector(matrix, factors, prior, counts, classTotals, probabilities);
            return;
        }
        Span<double> p = k <= 128 ? stackalloc double[k] : new double[k];
        var rowStarts = matrix.RowStarts;
        ref var cell0 = ref MemoryMarshal.GetReference(matrix.Cells);
        ref var factor0 = ref MemoryMarshal.GetArrayDataReference(factors);
        ref var p0 = ref MemoryMarshal.GetReference(p);
        for (var i = 0; i < matrix.ItemCount; i++)
        {
            int start = rowStarts[i], end = rowStarts[i + 1];
            if (start == end)
            {
                if (probabilities is not null)
                {
                    prior.CopyTo(probabilities.AsSpan(i * k, k));
                }
                continue;
            }
            prior.CopyTo(p);
            for (var v = start; v < end; v++)
            {
                ref var f = ref Unsafe.Add(ref factor0, Unsafe.Add(ref cell0, v) * k);
                for (var y = 0; y < k; y++)
                {
                    Unsafe.Add(ref p0, y) *= Unsafe.Add(ref f, y);
                }
            }
            double sum = 0;
            for (var y = 0; y < k; y++)
            {
                sum += Unsafe.Add(ref p0, y);
            }
            if (sum > Floor && sum < Ceiling)
            {
                var scale = 1 / sum;
                for (var y = 0; y < k; y++)
                {
                    Unsafe.Add(ref p0, y) *= scale;
                }
            }
            else
            {
                PosteriorInLogs(matrix.Cells[start..end], factors, prior, p);
            }
            if (classTotals is not null)
            {
                for (var y = 0; y < k; y++)
                {
                    classTotals[y] += p[y];
                }
            }
            if (counts is not null)
            {
                ref var count0 = ref MemoryMarshal.GetArrayDataReference(counts);
                for (var v = start; v < end; v++)
                {
                    ref var c = ref Unsafe.Add(ref count0, Unsafe.Add(ref cell0, v) * k);
                    for (var y = 0; y < k; y++)
                    {
                        Unsafe.Add(ref c, y) += Unsafe.Add(ref p0, y);
                    }
                }
            }
            if (probabilities is not null)
            {
                p.CopyTo(probabilities.AsSpan(i * k, k));
            }
        }
    }

    /// <summary><see cref="Pass"/> for two classes: the posterior is one 128-bit vector, multiplied along two independent
    /// chains (even and odd votes) so that the multiplications overlap.</summary>
    private static void PassBinary(LabelMatrix matrix, double[] factors, double prior0, double prior1, double[]? counts, double[]? classTotals, double[]? probabilities)
    {
        var rowStarts = matrix.RowStarts;
        ref var cell0 = ref MemoryMarshal.GetReference(matrix.Cells);
        ref var factor0 = ref MemoryMarshal.GetArrayDataReference(factors);
        var prior = Vector128.Create(prior0, prior1);
        var one = Vector128.Create(1.0);
        var total = Vector128<double>.Zero;
        Span<double> p = stackalloc double[2];
        for (var i = 0; i < matrix.ItemCount; i++)
        {
            int start = rowStarts[i], end = rowStarts[i + 1];
            if (start == end)
            {
                if (probabilities is not null)
                {
                    probabilities[2 * i] = prior0;
                    probabilities[2 * i + 1] = prior1;
                }
                continue;
            }
            var even = prior;
            var odd = one;
            var v = start;
            for (; v + 1 < end; v += 2)
            {
                even *= Vector128.LoadUnsafe(ref factor0, (nuint)(Unsafe.Add(ref cell0, v) * 2));
                odd *= Vector128.LoadUnsafe(ref factor0, (nuint)(Unsafe.Add(ref cell0, v + 1) * 2));
            }
            if (v < end)
            {
                even *= Vector128.LoadUnsafe(ref factor0, (nuint)(Unsafe.Add(ref cell0, v) * 2));
            }
            var posterior = even * odd;
            var sum = posterior.GetElement(0) + posterior.GetElement(1);
            if (sum > Floor && sum < Ceiling)
            {
                posterior *= Vector128.Create(1 / sum);
            }
            else
            {
                p[0] = prior0;
                p[1] = prior1;
                PosteriorInLogs(matrix.Cells[start..end], factors, p, p);
                posterior = Vector128.Create<double>(p);
            }
            total += posterior;
            if (counts is not null)
            {
                ref var count0 = ref MemoryMarshal.GetArrayDataReference(counts);
                for (v = start; v < end; v++)
                {
                    var offset = (nuint)(Unsafe.Add(ref cell0, v) * 2);
                    (Vector128.LoadUnsafe(ref count0, offset) + posterior).StoreUnsafe(ref count0, offset);
                }
            }
            if (probabilities is not null)
            {
                posterior.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(probabilities), (nuint)(2 * i));
            }
        }
        if (classTotals is not null)
        {
            classTotals[0] += total.GetElement(0);
            classTotals[1] += total.GetElement(1);
        }
    }

    /// <summary><see cref="Pass"/> for 3–8 classes: the posterior is one (K ≤ 4) or two (K ≤ 8) vectors of 4 doubles.</summary>
    private static void PassVector(LabelMatrix matrix, double[] factors, ReadOnlySpan<double> prior, double[]? counts, double[]? classTotals, double[]? probabilities)
    {
        var k = matrix.ClassCount;
        var wide = k > 4;
        var stride = wide ? 8 : 4;
        var cellCount = matrix.LfCount * k;
        var padded = new double[cellCount * stride];
        for (var c = 0; c < cellCount; c++)
        {
            padded.AsSpan(c * stride, stride).Fill(1);
            factors.AsSpan(c * k, k).CopyTo(padded.AsSpan(c * stride));
        }
        var paddedCounts = counts is null ? null : new double[cellCount * stride];
        Span<double> priorPadded = stackalloc double[8];
        priorPadded.Clear();
        prior[..k].CopyTo(priorPadded);
        var priorLow = Vector256.Create(priorPadded[..4]);
        var priorHigh = Vector256.Create(priorPadded[4..]);
        var totalLow = Vector256<double>.Zero;
        var totalHigh = Vector256<double>.Zero;
        Span<double> p = stackalloc double[8];
        var rowStarts = matrix.RowStarts;
        ref var cell0 = ref MemoryMarshal.GetReference(matrix.Cells);
        ref var factor0 = ref MemoryMarshal.GetArrayDataReference(padded);
        for (var i = 0; i < matrix.ItemCount; i++)
        {
            int start = rowStarts[i], end = rowStarts[i + 1];
            if (start == end)
            {
                if (probabilities is not null)
                {
                    prior[..k].CopyTo(probabilities.AsSpan(i * k, k));
                }
                continue;
            }
            var low = priorLow;
            var high = priorHigh;
            for (var v = start; v < end; v++)
            {
                var offset = (nuint)(Unsafe.Add(ref cell0, v) * stride);
                low *= Vector256.LoadUnsafe(ref factor0, offset);
                if (wide)
                {
                    high *= Vector256.LoadUnsafe(ref factor0, offset + 4);
                }
            }
            var sum = Vector256.Sum(low) + (wide ? Vector256.Sum(high) : 0);
            if (sum > Floor && sum < Ceiling)
            {
                var scale = Vector256.Create(1 / sum);
                low *= scale;
                high *= scale;
            }
            else
            {
                PosteriorInLogs(matrix.Cells[start..end], factors, prior[..k], p[..k]);
                p[k..].Clear();
                low = Vector256.Create<double>(p[..4]);
                high = Vector256.Create<double>(p[4..]);
            }
            totalLow += low;
            totalHigh += high;
            if (paddedCounts is not null)
            {
                ref var count0 = ref MemoryMarshal.GetArrayDataReference(paddedCounts);
                for (var v = start; v < end; v++)
                {
                    var offset = (nuint)(Unsafe.Add(ref cell0, v) * stride);
                    (Vector256.LoadUnsafe(ref count0, offset) + low).StoreUnsafe(ref count0, offset);
                    if (wide)
                    {
                        (Vector256.LoadUnsafe(ref count0, offset + 4) + high).StoreUnsafe(ref count0, offset + 4);
                    }
                }
            }
            if (probabilities is not null)
            {
                low.CopyTo(p);
                high.CopyTo(p[4..]);
                p[..k].CopyTo(probabilities.AsSpan(i * k, k));
            }
        }
        if (classTotals is not null)
        {
            totalLow.CopyTo(p);
            totalHigh.CopyTo(p[4..]);
            for (var y = 0; y < k; y++)
            {
                classTotals[y] += p[y];
            }
        }
        if (counts is not null)
        {
            for (var c = 0; c < cellCount; c++)
            {
                for (var y = 0; y < k; y++)
                {
                    counts[c * k + y] += paddedCounts![c * stride + y];
                }
            }
        }
    }

    /// <summary>Writes the normalised posterior of one item's votes into <paramref name="p"/> using logarithms
    /// (<paramref name="prior"/> may be <paramref name="p"/> itself).</summary>
    private static void PosteriorInLogs(ReadOnlySpan<int> row, ReadOnlySpan<double> factors, ReadOnlySpan<double> prior, Span<double> p)
    {
        var k = p.Length;
        for (var y = 0; y < k; y++)
        {
            p[y] = Math.Log(prior[y]);
        }
        foreach (var cell in row)
        {
            for (var y = 0; y < k; y++)
            {
                p[y] += Math.Log(factors[cell * k + y]);
            }
        }
        var max = double.NegativeInfinity;
        for (var y = 0; y < k; y++)
        {
            max = Math.Max(max, p[y]);
        }
        double sum = 0;
        for (var y = 0; y < k; y++)
        {
            p[y] = Math.Exp(p[y] - max);
            sum += p[y];
        }
        for (var y = 0; y < k; y++)
        {
            p[y] /= sum;
        }
    }

    /// <summary>The posterior of every item (uncovered items get the prior), as predictions.</summary>
    public static LabelPredictions PredictAll(LabelMatrix matrix, double[] factors, double[] prior)
    {
        var probabilities = new double[(long)matrix.ItemCount * matrix.ClassCount];
        Pass(matrix, factors, prior, counts: null, classTotals: null, probabilities);
        return LabelPredictions.FromProbabilities(matrix, probabilities, prior);
    }
}
