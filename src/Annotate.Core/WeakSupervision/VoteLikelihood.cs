namespace Annotate.Core.WeakSupervision;

/// <summary>
/// The posterior of a model in which LFs vote independently given the true class: P(y | votes) ∝ prior(y) ×
/// Π over votes of table[cell × K + y] (table entries must be positive). Dawid–Skene and the matrix-completion model both predict this way; abstentions
/// contribute nothing.
/// </summary>
/// <remarks>
/// The product is taken in linear space (multiplications, no logarithm or exponential per vote or item), which is what
/// makes a pass over a million items take milliseconds. Table entries are positive; when an item has so many votes
/// that its product leaves [1e-280, 1e280], that item is recomputed with logarithms.
/// </remarks>
internal static class VoteLikelihood
{
    private const double Floor = 1e-280;
    private const double Ceiling = 1e280;

    /// <summary>Writes the normalised posterior of one item's votes into <paramref name="p"/>.</summary>
    public static void Posterior(ReadOnlySpan<int> row, ReadOnlySpan<double> table, ReadOnlySpan<double> prior, Span<double> p)
    {
        var k = p.Length;
        prior.CopyTo(p);
        foreach (var cell in row)
        {
            var factors = table.Slice(cell * k, k);
            for (var y = 0; y < k; y++)
            {
                p[y] *= factors[y];
            }
        }
        double sum = 0;
        for (var y = 0; y < k; y++)
        {
            sum += p[y];
        }
        if (!(sum > Floor && sum < Ceiling))
        {
            PosteriorInLogs(row, table, prior, p);
            return;
        }
        var scale = 1 / sum;
        for (var y = 0; y < k; y++)
        {
            p[y] *= scale;
        }
    }

    private static void PosteriorInLogs(ReadOnlySpan<int> row, ReadOnlySpan<double> table, ReadOnlySpan<double> prior, Span<double> p)
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
                p[y] += Math.Log(table[cell * k + y]);
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
    public static LabelPredictions PredictAll(LabelMatrix matrix, double[] table, double[] prior)
    {
        var k = matrix.ClassCount;
        var n = matrix.ItemCount;
        var probabilities = new double[(long)n * k];
        var rowStarts = matrix.RowStarts;
        var cells = matrix.Cells;
        for (var i = 0; i < n; i++)
        {
            Posterior(cells[rowStarts[i]..rowStarts[i + 1]], table, prior, probabilities.AsSpan(i * k, k));
        }
        return LabelPredictions.FromProbabilities(matrix, probabilities, prior);
    }
}
