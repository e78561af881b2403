namespace Annotate.Core.Agreement;

/// <summary>
/// Cohen's κ for two annotators over the items both gave a value: (p_o − p_e) / (1 − p_e), where p_e is the agreement
/// expected from each annotator's own label frequencies. The weighted form (Cohen 1968) is 1 − Σ w·o / Σ w·e with
/// disagreement weights w, for ratings where being one step off is a smaller disagreement than being four off.
/// </summary>
/// <remarks>
/// Weighted κ on numbers takes the weights from the values themselves: linear |a − b|, quadratic (a − b)², divided by
/// the largest such weight between the values both annotators used (the division only scales p_o and p_e, never κ).
/// So a step on the scale that no one used still counts as a step; scikit-learn's cohen_kappa_score numbers the
/// labels present instead, and agrees with this whenever every value between the lowest and the highest was used.
/// κ is null, with a reason, when the two share no item, and when both gave one and the same value throughout
/// (p_e = 1, so 0/0).
/// </remarks>
public static class CohensKappa
{
    /// <summary>Unweighted κ between annotators <paramref name="a"/> and <paramref name="b"/> (indexes into <see cref="ReliabilityData{T}.Annotators"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range, or both are the same.</exception>
    public static KappaResult Compute<T>(ReliabilityData<T> data, int a, int b)
        where T : notnull
    {
        CheckPair(data, a, b);
        return FromPairs(data.Values, CollectPairs(data, a, b), data.Values.Count, default(NominalWeight));
    }

    /// <summary>Unweighted κ between two annotators named as in the data.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">An annotator is not in the data, or both are the same.</exception>
    public static KappaResult Compute<T>(ReliabilityData<T> data, string a, string b)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        return Compute(data, AnnotatorIndex(data, a, nameof(a)), AnnotatorIndex(data, b, nameof(b)));
    }

    /// <summary>κ on numeric ratings with linear or quadratic weights (or none).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range, both are the same, or <paramref name="weighting"/> is undefined.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static KappaResult Weighted(ReliabilityData<double> data, int a, int b, KappaWeighting weighting)
    {
        CheckPair(data, a, b);
        if (weighting == KappaWeighting.None)
        {
            return Compute(data, a, b);
        }
        if (!Enum.IsDefined(weighting))
        {
            throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "Not a weighting.");
        }
        foreach (var value in data.Values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"The value {KrippendorffAlpha.Describe(value)} is not a finite number.", nameof(data));
            }
        }
        var pairs = CollectPairs(data, a, b);
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var (x, y) in pairs)
        {
            low = Math.Min(low, Math.Min(data.Values[x], data.Values[y]));
            high = Math.Max(high, Math.Max(data.Values[x], data.Values[y]));
        }
        var range = high - low;
        var scale = weighting == KappaWeighting.Linear ? range : range * range;
        return FromPairs(data.Values, pairs, data.Values.Count, new NumericWeight(data.Values, weighting == KappaWeighting.Quadratic, scale > 0 ? scale : 1));
    }

    /// <summary>κ with any disagreement weight: 0 for full agreement up to 1 for full disagreement (equal values are never passed to it).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range, or both are the same.</exception>
    /// <exception cref="ArgumentException"><paramref name="weight"/> returned a number outside [0, 1].</exception>
    public static KappaResult Weighted<T>(ReliabilityData<T> data, int a, int b, Func<T, T, double> weight)
        where T : notnull
    {
        CheckPair(data, a, b);
        ArgumentNullException.ThrowIfNull(weight);
        return FromPairs(data.Values, CollectPairs(data, a, b), data.Values.Count, new CustomWeight<T>(data.Values, weight));
    }

    /// <summary>
    /// κ from a contingency table: <paramref name="table"/>[i][j] counts items the first annotator put in category i
    /// and the second in category j.
    /// </summary>
    /// <param name="table">A square table of counts.</param>
    /// <param name="weight">Disagreement weight of categories i and j, in [0, 1]; unweighted when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    /// <exception cref="ArgumentException">The table is not square or has a negative count, or a weight is outside [0, 1].</exception>
    public static KappaResult FromTable(IReadOnlyList<IReadOnlyList<int>> table, Func<int, int, double>? weight = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var k = table.Count;
        var categories = Enumerable.Range(0, k).ToArray();
        var counts = new Counts(k);
        var custom = new CustomWeight<int>(categories, weight ?? ((_, _) => 1));
        for (var i = 0; i < k; i++)
        {
            if (table[i].Count != k)
            {
                throw new ArgumentException($"Row {i + 1} has {table[i].Count} cells; the table must be {k}×{k}.", nameof(table));
            }
            for (var j = 0; j < k; j++)
            {
                var cell = table[i][j];
                if (cell < 0)
                {
                    throw new ArgumentException($"Cell ({i + 1}, {j + 1}) is negative.", nameof(table));
                }
                counts.Add(i, j, cell, custom);
            }
        }
        return weight is null ? counts.Kappa(categories, default(NominalWeight)) : counts.Kappa(categories, custom);
    }

    /// <summary>The value codes (a's, b's) of every item both annotators gave a value, by a merge of their item lists.</summary>
    internal static List<(int A, int B)> CollectPairs<T>(ReliabilityData<T> data, int a, int b)
        where T : notnull
    {
        var index = data.ByAnnotator;
        var pairs = new List<(int, int)>();
        int i = index.Start[a], iEnd = index.Start[a + 1], j = index.Start[b], jEnd = index.Start[b + 1];
        while (i < iEnd && j < jEnd)
        {
            var itemA = index.Item[i];
            var itemB = index.Item[j];
            if (itemA == itemB)
            {
                pairs.Add((index.Value[i++], index.Value[j++]));
            }
            else if (itemA < itemB)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return pairs;
    }

    /// <summary>Unweighted κ of pairs of codes in [0, <paramref name="codeCount"/>), naming values from <paramref name="values"/>.</summary>
    internal static KappaResult Nominal<T>(IReadOnlyList<T> values, List<(int A, int B)> pairs, int codeCount) =>
        FromPairs(values, pairs, codeCount, default(NominalWeight));

    private static KappaResult FromPairs<T, TWeight>(IReadOnlyList<T> values, List<(int A, int B)> pairs, int codeCount, TWeight weight)
        where TWeight : struct, IPairWeight
    {
        var counts = new Counts(codeCount);
        foreach (var (x, y) in pairs)
        {
            counts.Add(x, y, 1, weight);
        }
        return counts.Kappa(values, weight);
    }

    /// <summary>The margins of a contingency table and its weighted disagreement, gathered cell by cell.</summary>
    internal sealed class Counts(int codeCount)
    {
        private readonly long[] marginA = new long[codeCount];
        private readonly long[] marginB = new long[codeCount];
        private long items;
        private double observed;

        /// <summary>Empties the table, to count the next pair in the same arrays.</summary>
        public void Clear()
        {
            Array.Clear(marginA);
            Array.Clear(marginB);
            items = 0;
            observed = 0;
        }

        public void Add<TWeight>(int x, int y, int count, TWeight weight)
            where TWeight : struct, IPairWeight
        {
            if (count == 0)
            {
                return;
            }
            marginA[x] += count;
            marginB[y] += count;
            items += count;
            if (x != y)
            {
                observed += count * weight.Of(x, y);
            }
        }

        public KappaResult Kappa<T, TWeight>(IReadOnlyList<T> values, TWeight weight)
            where TWeight : struct, IPairWeight
        {
            if (items == 0)
            {
                return KappaResult.Undefined(0, "the two have no item in common");
            }
            var usedA = Used(marginA);
            var usedB = Used(marginB);
            double expected = 0;
            if (typeof(TWeight) == typeof(NominalWeight))
            {
                // Every disagreement weighs 1, so the expected disagreement is everything off the diagonal.
                double diagonal = 0;
                foreach (var x in usedA)
                {
                    diagonal += (double)marginA[x] * marginB[x];
                }
                expected = (double)items * items - diagonal;
            }
            else
            {
                foreach (var x in usedA)
                {
                    double row = 0;
                    foreach (var y in usedB)
                    {
                        if (x != y)
                        {
                            row += marginB[y] * weight.Of(x, y);
                        }
                    }
                    expected += marginA[x] * row;
                }
            }
            var n = (int)items;
            var observedDisagreement = observed / items;
            var expectedDisagreement = expected / ((double)items * items);
            if (!(expectedDisagreement > 0))
            {
                return new KappaResult(null, n, 1 - observedDisagreement, 1,
                    $"both gave only {KrippendorffAlpha.Describe(values[usedA[0]])} on their {n} shared item(s), so chance agreement is 1 and κ is 0/0");
            }
            return new KappaResult(1 - observedDisagreement / expectedDisagreement, n, 1 - observedDisagreement, 1 - expectedDisagreement, null);
        }

        private static List<int> Used(long[] margin)
        {
            var used = new List<int>();
            for (var c = 0; c < margin.Length; c++)
            {
                if (margin[c] > 0)
                {
                    used.Add(c);
                }
            }
            return used;
        }
    }

    private static void CheckPair<T>(ReliabilityData<T> data, int a, int b)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(a, data.Annotators.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(b, data.Annotators.Count);
        if (a == b)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "κ compares two different annotators.");
        }
    }

    private static int AnnotatorIndex<T>(ReliabilityData<T> data, string name, string parameter)
        where T : notnull
    {
        var index = data.IndexOfAnnotator(name);
        return index >= 0 ? index : throw new ArgumentException($"There is no annotator '{name}' in the data.", parameter);
    }

    internal interface IPairWeight
    {
        double Of(int x, int y);
    }

    internal readonly struct NominalWeight : IPairWeight
    {
        public double Of(int x, int y) => 1;
    }

    private readonly struct NumericWeight(IReadOnlyList<double> values, bool quadratic, double scale) : IPairWeight
    {
        public double Of(int x, int y)
        {
            var d = Math.Abs(values[x] - values[y]);
            return (quadratic ? d * d : d) / scale;
        }
    }

    private readonly struct CustomWeight<T>(IReadOnlyList<T> values, Func<T, T, double> weight) : IPairWeight
    {
        public double Of(int x, int y)
        {
            var w = weight(values[x], values[y]);
            if (!(w >= 0 && w <= 1))
            {
                throw new ArgumentException($"The weight function gave {w} for {KrippendorffAlpha.Describe(values[x])} and {KrippendorffAlpha.Describe(values[y])}; weights are between 0 and 1.", nameof(weight));
            }
            return w;
        }
    }
}
