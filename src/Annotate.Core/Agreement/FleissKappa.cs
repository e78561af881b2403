namespace Annotate.Core.Agreement;

/// <summary>
/// Fleiss' κ (Fleiss 1971): agreement among m raters per item, when every item has the same number m of ratings
/// (the raters need not be the same people). κ = (P̄ − P̄_e) / (1 − P̄_e), with P̄ the mean share of agreeing rater
/// pairs per item and P̄_e = Σ p_j² from the overall category shares.
/// </summary>
/// <remarks>
/// From reliability data, items with no value at all are not counted (they say nothing); if the remaining items do
/// not all have the same number of values, or have fewer than two, κ is null with a reason: use Krippendorff's α,
/// which allows missing values. κ is also null when every value is in one category (P̄_e = 1, so 0/0).
/// </remarks>
public static class FleissKappa
{
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static FleissKappaResult Compute<T>(ReliabilityData<T> data)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        var start = data.ItemStart;
        int m = 0, fewest = int.MaxValue, most = 0, items = 0;
        for (var u = 0; u < data.Items.Count; u++)
        {
            var count = start[u + 1] - start[u];
            if (count == 0)
            {
                continue;
            }
            items++;
            fewest = Math.Min(fewest, count);
            most = Math.Max(most, count);
            m = count;
        }
        if (items == 0)
        {
            return FleissKappaResult.Undefined(0, 0, "no item has a value");
        }
        if (fewest != most)
        {
            return FleissKappaResult.Undefined(items, 0,
                $"items have between {fewest} and {most} values; Fleiss' κ needs the same number of ratings on every item (Krippendorff's α does not)");
        }
        if (m < 2)
        {
            return FleissKappaResult.Undefined(items, m, "every item has a single value, so no two ratings can be compared");
        }

        var categories = data.Values.Count;
        var totals = new long[categories];
        var squares = new long[categories];
        var seen = new int[categories];
        var codes = data.RatingValues;
        long agreeingPairs = 0;
        for (var u = 0; u < data.Items.Count; u++)
        {
            int from = start[u], to = start[u + 1];
            for (var r = from; r < to; r++)
            {
                var c = codes[r];
                var before = seen[c]++;
                // n² grows by 2n + 1 and n(n − 1) by 2n as the count goes from n to n + 1.
                agreeingPairs += 2 * before;
                squares[c] += 2 * before + 1;
                totals[c]++;
            }
            for (var r = from; r < to; r++)
            {
                seen[codes[r]] = 0;
            }
        }
        return Finish(items, m, totals, squares, agreeingPairs);
    }

    /// <summary>
    /// κ from a table of counts: <paramref name="counts"/>[i][j] raters put item i in category j; every row must have
    /// the same total, the number of ratings per item.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="counts"/> is null.</exception>
    /// <exception cref="ArgumentException">Rows differ in length or total, or a count is negative.</exception>
    public static FleissKappaResult FromCounts(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
        {
            return FleissKappaResult.Undefined(0, 0, "no item has a value");
        }
        var categories = counts[0].Count;
        var totals = new long[categories];
        var squares = new long[categories];
        long agreeingPairs = 0;
        var m = -1;
        for (var i = 0; i < counts.Count; i++)
        {
            var row = counts[i];
            if (row.Count != categories)
            {
                throw new ArgumentException($"Row {i + 1} has {row.Count} categories; row 1 has {categories}.", nameof(counts));
            }
            var sum = 0;
            for (var j = 0; j < categories; j++)
            {
                var n = row[j];
                if (n < 0)
                {
                    throw new ArgumentException($"Row {i + 1}, category {j + 1}: the count {n} is negative.", nameof(counts));
                }
                sum += n;
                totals[j] += n;
                squares[j] += (long)n * n;
                agreeingPairs += (long)n * (n - 1);
            }
            if (m >= 0 && sum != m)
            {
                throw new ArgumentException($"Row {i + 1} has {sum} ratings and row 1 has {m}; every item needs the same number.", nameof(counts));
            }
            m = sum;
        }
        if (m < 2)
        {
            return FleissKappaResult.Undefined(counts.Count, m, "every item has fewer than two ratings");
        }
        return Finish(counts.Count, m, totals, squares, agreeingPairs);
    }

    private static FleissKappaResult Finish(int items, int m, long[] totals, long[] squares, long agreeingPairs)
    {
        var all = (double)items * m;
        var observed = agreeingPairs / (all * (m - 1));
        double chance = 0;
        foreach (var total in totals)
        {
            var p = total / all;
            chance += p * p;
        }
        var perCategory = new double?[totals.Length];
        for (var j = 0; j < totals.Length; j++)
        {
            var p = totals[j] / all;
            // κ_j = 1 − Σ_i n_ij (m − n_ij) / (N m (m − 1) p_j q_j), with Σ_i n_ij (m − n_ij) = m·total_j − Σ_i n_ij².
            perCategory[j] = p > 0 && p < 1
                ? 1 - (m * (double)totals[j] - squares[j]) / (all * (m - 1) * p * (1 - p))
                : null;
        }
        if (!(chance < 1))
        {
            return new FleissKappaResult(null, items, m, observed, chance, perCategory,
                "every value is in the same category, so chance agreement is 1 and κ is 0/0");
        }
        return new FleissKappaResult((observed - chance) / (1 - chance), items, m, observed, chance, perCategory, null);
    }
}
