using System.Globalization;

namespace Annotate.Core.Agreement;

/// <summary>
/// Krippendorff's α: 1 − D_o / D_e, the observed disagreement between values of the same item over the disagreement
/// expected between any two values. It takes any number of annotators, missing values and a different number of
/// annotators per item; items with fewer than two values cannot be paired and are left out.
/// </summary>
/// <remarks>
/// <para>Computed from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
/// each pairable item u with m_u values adds 1/(m_u − 1) for every ordered pair of its values, so each item weighs by
/// its number of values and n, the number of pairable values, is the matrix total. With a difference function δ²:
/// D_o = Σ_u 1/(m_u − 1) Σ_{i≠j} δ²(v_ui, v_uj) / n and D_e = Σ_{c≠k} n_c n_k δ²(c, k) / (n (n − 1)), where n_c counts
/// pairable values equal to c. The nominal path counts the matrix's diagonal and margins only; the other paths walk
/// the pairs within each item and the pairs of distinct values, never building a V×V matrix, so they work for any
/// number of distinct values (the expected part costs V² differences: fine for labels and rating scales, slower for
/// thousands of distinct label sets).</para>
/// <para>When α is undefined it is reported as null with a reason, not as 0, 1 or NaN: when no item has two values,
/// and when every pairable value is the same (or every difference is zero), which makes D_e zero. Perfect agreement
/// with variation between items gives 1.</para>
/// </remarks>
public static partial class KrippendorffAlpha
{
    /// <summary>α for labels: two values agree when they are equal (by the data's comparer).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static AlphaResult Nominal<T>(ReliabilityData<T> data)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        return NominalCore(data, skipAnnotator: -1);
    }

    /// <summary>α for numbers at <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not a defined level.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or negative at the ratio level.</exception>
    public static AlphaResult Compute(ReliabilityData<double> data, MeasurementLevel level)
    {
        ArgumentNullException.ThrowIfNull(data);
        return level switch
        {
            MeasurementLevel.Nominal => Nominal(data),
            MeasurementLevel.Ordinal => Ordinal(data, Comparer<double>.Default),
            MeasurementLevel.Interval => Interval(data),
            MeasurementLevel.Ratio => Ratio(data),
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not a measurement level."),
        };
    }

    /// <summary>
    /// α for ranked values: δ²(c, k) = (Σ_{g from c to k} n_g − (n_c + n_k) / 2)², so a difference is as large as the
    /// number of values given between the two; only the order of the values matters.
    /// </summary>
    /// <param name="data">The values.</param>
    /// <param name="order">Orders the values; the default comparer when null. Distinct values must not compare equal.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="order"/> ranks two distinct values as equal.</exception>
    public static AlphaResult Ordinal<T>(ReliabilityData<T> data, IComparer<T>? order = null)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        order ??= Comparer<T>.Default;
        var counts = CountNominal(data, skipAnnotator: -1);
        if (Undefined(data, counts) is { } undefined)
        {
            return undefined;
        }
        // Rank the pairable values, then δ² of two values is a sum of counts over the ranks between them.
        var present = PresentCodes(counts.PairableCounts);
        var values = data.Values;
        var ranked = present.ToArray();
        Array.Sort(ranked, (x, y) => order.Compare(values[x], values[y]));
        var rankOf = new int[values.Count];
        var cumulative = new double[ranked.Length + 1];
        for (var r = 0; r < ranked.Length; r++)
        {
            if (r > 0 && order.Compare(values[ranked[r - 1]], values[ranked[r]]) == 0)
            {
                throw new ArgumentException($"The order ranks the distinct values {Describe(values[ranked[r - 1]])} and {Describe(values[ranked[r]])} as equal.", nameof(order));
            }
            rankOf[ranked[r]] = r;
            cumulative[r + 1] = cumulative[r] + counts.PairableCounts[ranked[r]];
        }
        return General(data, counts, present, new OrdinalDifference(rankOf, cumulative, counts.PairableCounts), expectedOverride: null);
    }

    /// <summary>α for numbers on an interval scale: δ²(a, b) = (a − b)².</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static AlphaResult Interval(ReliabilityData<double> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var x = Numbers(data, allowNegative: true);
        var counts = CountNominal(data, skipAnnotator: -1);
        if (Undefined(data, counts) is { } undefined)
        {
            return undefined;
        }
        // Σ_c Σ_k n_c n_k (x_c − x_k)² = 2 n Σ_c n_c (x_c − mean)²: linear in the number of distinct values.
        var nc = counts.PairableCounts;
        double sum = 0;
        for (var c = 0; c < nc.Length; c++)
        {
            sum += nc[c] * x[c];
        }
        var mean = sum / counts.N;
        double squares = 0;
        for (var c = 0; c < nc.Length; c++)
        {
            var d = x[c] - mean;
            squares += nc[c] * d * d;
        }
        return General(data, counts, PresentCodes(nc), new IntervalDifference(x), expectedOverride: 2 * counts.N * squares);
    }

    /// <summary>α for numbers on a ratio scale (a true zero): δ²(a, b) = ((a − b) / (a + b))².</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">A value is negative, NaN or infinite.</exception>
    public static AlphaResult Ratio(ReliabilityData<double> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var x = Numbers(data, allowNegative: false);
        var counts = CountNominal(data, skipAnnotator: -1);
        return Undefined(data, counts) ?? General(data, counts, PresentCodes(counts.PairableCounts), new RatioDifference(x), expectedOverride: null);
    }

    /// <summary>
    /// α with any difference function, for values that are not single labels or numbers: label sets
    /// (<see cref="SetDistance.Masi"/>, <see cref="SetDistance.Jaccard"/>), span sets
    /// (<see cref="SpanDistance.CharacterOverlap"/>), or anything else. This is the general pairwise form: every pair
    /// of values within an item, and every pair of distinct pairable values for the expectation.
    /// </summary>
    /// <remarks>
    /// Which difference suits which question kind: single-label and pairwise preference are nominal (or ordinal with
    /// A &lt; Tie &lt; B); ratings are interval (or ordinal when the steps are not equal); multi-label answers are
    /// <see cref="LabelSet"/>s with <see cref="SetDistance.Masi"/> or <see cref="SetDistance.Jaccard"/>; span answers
    /// are <see cref="SpanSet"/>s with <see cref="SpanDistance.CharacterOverlap"/> or <see cref="SpanDistance.ExactMatch"/>.
    /// Free text has no built-in difference.
    /// </remarks>
    /// <param name="data">The values.</param>
    /// <param name="difference">δ²: symmetric, at least 0, and 0 for equal values (equal values are never passed to it).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="difference"/> returned a negative number, NaN or infinity.</exception>
    public static AlphaResult WithDifference<T>(ReliabilityData<T> data, Func<T, T, double> difference)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(difference);
        var counts = CountNominal(data, skipAnnotator: -1);
        return Undefined(data, counts)
            ?? General(data, counts, PresentCodes(counts.PairableCounts), new CustomDifference<T>(data.Values, difference), expectedOverride: null);
    }

    private static AlphaResult General<T, TDifference>(
        ReliabilityData<T> data, NominalCounts counts, int[] present, TDifference difference, double? expectedOverride)
        where T : notnull
        where TDifference : struct, ICodeDifference
    {
        var start = data.ItemStart;
        var codes = data.RatingValues;
        double observed = 0;
        for (var u = 0; u < data.Items.Count; u++)
        {
            int from = start[u], to = start[u + 1];
            if (to - from < 2)
            {
                continue;
            }
            double sum = 0;
            for (var i = from; i < to; i++)
            {
                for (var j = i + 1; j < to; j++)
                {
                    if (codes[i] != codes[j])
                    {
                        sum += difference.Of(codes[i], codes[j]);
                    }
                }
            }
            // Both orders of each pair, weighed by 1/(m_u − 1).
            observed += 2 * sum / (to - from - 1);
        }

        double expected;
        if (expectedOverride is { } value)
        {
            expected = value;
        }
        else
        {
            expected = 0;
            var nc = counts.PairableCounts;
            for (var i = 0; i < present.Length; i++)
            {
                var c = present[i];
                double row = 0;
                for (var j = i + 1; j < present.Length; j++)
                {
                    var k = present[j];
                    row += nc[k] * difference.Of(c, k);
                }
                expected += 2.0 * nc[c] * row;
            }
        }
        return FromSums(counts, observed, expected);
    }

    private static AlphaResult FromSums(NominalCounts counts, double observed, double expected)
    {
        var n = (double)counts.N;
        var observedDisagreement = observed / n;
        var expectedDisagreement = expected / (n * (n - 1));
        if (!(expected > 0))
        {
            return new AlphaResult(null, observedDisagreement, expectedDisagreement, counts.PairableItems, counts.N,
                "every difference between the values given is zero, so there is no variation to measure agreement against (0/0)");
        }
        var alpha = 1 - (n - 1) * observed / expected;
        return new AlphaResult(alpha, observedDisagreement, expectedDisagreement, counts.PairableItems, counts.N, null);
    }

    /// <summary>The two cases where α is 0/0 before any difference is taken.</summary>
    private static AlphaResult? Undefined<T>(ReliabilityData<T> data, NominalCounts counts)
        where T : notnull
    {
        if (counts.PairableItems == 0)
        {
            return AlphaResult.Undefined(0, 0, AlphaResult.NoPairableItem);
        }
        var only = -1;
        for (var c = 0; c < counts.PairableCounts.Length; c++)
        {
            if (counts.PairableCounts[c] > 0)
            {
                if (only >= 0)
                {
                    return null;
                }
                only = c;
            }
        }
        return AlphaResult.Undefined(counts.PairableItems, counts.N, AlphaResult.OneValue(Describe(data.Values[only])));
    }

    private static int[] PresentCodes(long[] pairableCounts)
    {
        var count = 0;
        foreach (var n in pairableCounts)
        {
            count += n > 0 ? 1 : 0;
        }
        var present = new int[count];
        var next = 0;
        for (var c = 0; c < pairableCounts.Length; c++)
        {
            if (pairableCounts[c] > 0)
            {
                present[next++] = c;
            }
        }
        return present;
    }

    private static double[] Numbers(ReliabilityData<double> data, bool allowNegative)
    {
        var x = new double[data.Values.Count];
        for (var c = 0; c < x.Length; c++)
        {
            var value = data.Values[c];
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"The value {Describe(value)} is not a finite number.", nameof(data));
            }
            if (!allowNegative && value < 0)
            {
                throw new ArgumentException($"The value {Describe(value)} is negative; the ratio level needs values of 0 or more.", nameof(data));
            }
            x[c] = value;
        }
        return x;
    }

    internal static string Describe<T>(T value) => "'" + (value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString()) + "'";

    private interface ICodeDifference
    {
        double Of(int c, int k);
    }

    private readonly struct IntervalDifference(double[] x) : ICodeDifference
    {
        public double Of(int c, int k)
        {
            var d = x[c] - x[k];
            return d * d;
        }
    }

    private readonly struct RatioDifference(double[] x) : ICodeDifference
    {
        public double Of(int c, int k)
        {
            var sum = x[c] + x[k];
            if (sum == 0)
            {
                return 0;
            }
            var d = (x[c] - x[k]) / sum;
            return d * d;
        }
    }

    private readonly struct OrdinalDifference(int[] rankOf, double[] cumulative, long[] pairableCounts) : ICodeDifference
    {
        public double Of(int c, int k)
        {
            var (low, high) = rankOf[c] < rankOf[k] ? (rankOf[c], rankOf[k]) : (rankOf[k], rankOf[c]);
            var d = cumulative[high + 1] - cumulative[low] - (pairableCounts[c] + pairableCounts[k]) / 2.0;
            return d * d;
        }
    }

    private readonly struct CustomDifference<T>(IReadOnlyList<T> values, Func<T, T, double> difference) : ICodeDifference
    {
        public double Of(int c, int k)
        {
            var d = difference(values[c], values[k]);
            if (!(d >= 0) || double.IsPositiveInfinity(d))
            {
                throw new ArgumentException($"The difference function gave {d.ToString(CultureInfo.InvariantCulture)} for {Describe(values[c])} and {Describe(values[k])}; it must be a finite number of 0 or more.", nameof(difference));
            }
            return d;
        }
    }
}
