namespace Annotate.Core.Agreement;

public static partial class KrippendorffAlpha
{
    /// <summary>
    /// What nominal α needs from the coincidence matrix: for each value c, n_c (its pairable values) and o_cc (its
    /// diagonal cell). Off-diagonal cells are never needed, because every difference between distinct labels is 1.
    /// </summary>
    internal readonly record struct NominalCounts(long[] PairableCounts, double[] Diagonal, long N, int PairableItems);

    /// <summary>
    /// One pass over the items: an item with m values, n_c of them equal to c, adds n_c (n_c − 1) / (m − 1) to o_cc.
    /// The running count of c within the item gives n_c (n_c − 1) as 0 + 2 + 4 + …, so no per-item table is built.
    /// </summary>
    /// <param name="data">The values.</param>
    /// <param name="skipAnnotator">An annotator to leave out (α without them), or -1.</param>
    internal static NominalCounts CountNominal<T>(ReliabilityData<T> data, int skipAnnotator)
        where T : notnull
    {
        var valueCount = data.Values.Count;
        var pairableCounts = new long[valueCount];
        var diagonal = new double[valueCount];
        var seen = new int[valueCount];
        var start = data.ItemStart;
        var codes = data.RatingValues;
        var raters = data.RatingAnnotators;
        long n = 0;
        var pairableItems = 0;
        for (var u = 0; u < data.Items.Count; u++)
        {
            int from = start[u], to = start[u + 1];
            var m = to - from;
            if (skipAnnotator >= 0 && raters.AsSpan(from, m).Contains(skipAnnotator))
            {
                m--;
            }
            if (m < 2)
            {
                continue;
            }
            var weight = 2.0 / (m - 1);
            for (var r = from; r < to; r++)
            {
                if (raters[r] == skipAnnotator)
                {
                    continue;
                }
                var c = codes[r];
                var before = seen[c]++;
                if (before > 0)
                {
                    diagonal[c] += before * weight;
                }
                pairableCounts[c]++;
            }
            for (var r = from; r < to; r++)
            {
                seen[codes[r]] = 0;
            }
            n += m;
            pairableItems++;
        }
        return new NominalCounts(pairableCounts, diagonal, n, pairableItems);
    }

    /// <summary>
    /// Nominal α from the counts: D_o ∝ n − Σ o_cc and D_e ∝ n² − Σ n_c², so
    /// α = 1 − (n − 1) (n − Σ o_cc) / (n² − Σ n_c²).
    /// </summary>
    internal static AlphaResult NominalCore<T>(ReliabilityData<T> data, int skipAnnotator)
        where T : notnull
    {
        var counts = CountNominal(data, skipAnnotator);
        if (Undefined(data, counts) is { } undefined)
        {
            return undefined;
        }
        double agreeing = 0, squares = 0;
        for (var c = 0; c < counts.PairableCounts.Length; c++)
        {
            agreeing += counts.Diagonal[c];
            squares += (double)counts.PairableCounts[c] * counts.PairableCounts[c];
        }
        var n = (double)counts.N;
        return FromSums(counts, n - agreeing, n * n - squares);
    }
}
