using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
/// (cells are &lt; LFs × K by construction of <see cref="LabelMatrix"/>, tables hold LFs × K × K entries), and two
/// classes get their own loop with the posterior in registers.</para>
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

    private static void PassBinary(LabelMatrix matrix, double[] factors, double prior0, double prior1, double[]? counts, double[]? classTotals, double[]? probabilities)
    {
        var rowStarts = matrix.RowStarts;
        ref var cell0 = ref MemoryMarshal.GetReference(matrix.Cells);
        ref var factor0 = ref MemoryMarshal.GetArrayDataReference(factors);
        double total0 = 0, total1 = 0;
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
            double a = prior0, b = prior1;
            for (var v = start; v < end; v++)
            {
                ref var f = ref Unsafe.Add(ref factor0, Unsafe.Add(ref cell0, v) * 2);
                a *= f;
                b *= Unsafe.Add(ref f, 1);
            }
            var sum = a + b;
            if (sum > Floor && sum < Ceiling)
            {
                var scale = 1 / sum;
                a *= scale;
                b *= scale;
            }
            else
            {
                p[0] = prior0;
                p[1] = prior1;
                PosteriorInLogs(matrix.Cells[start..end], factors, p, p);
                a = p[0];
                b = p[1];
            }
            total0 += a;
            total1 += b;
            if (counts is not null)
            {
                ref var count0 = ref MemoryMarshal.GetArrayDataReference(counts);
                for (var v = start; v < end; v++)
                {
                    ref var c = ref Unsafe.Add(ref count0, Unsafe.Add(ref cell0, v) * 2);
                    c += a;
                    Unsafe.Add(ref c, 1) += b;
                }
            }
            if (probabilities is not null)
            {
                probabilities[2 * i] = a;
                probabilities[2 * i + 1] = b;
            }
        }
        if (classTotals is not null)
        {
            classTotals[0] += total0;
            classTotals[1] += total1;
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
