namespace Annotate.Core.Export.Balancing;

/// <summary>A class's weight for a weighted loss, two ways.</summary>
/// <param name="Count">Items of the class in the split the weights were computed on.</param>
/// <param name="InverseFrequency">n / (K · n_c): 1 for a class of average size (scikit-learn's "balanced").</param>
/// <param name="EffectiveNumber">
/// (1 − β) / (1 − β^n_c), the inverse of the class's effective number of samples (Cui et al. 2019), scaled so the
/// weights of the classes present sum to K as in the paper.
/// </param>
public sealed record ClassWeight(string Label, int Count, double InverseFrequency, double EffectiveNumber);

/// <summary>Class weights computed from class counts.</summary>
public static class ClassWeights
{
    /// <summary>
    /// Weights for the classes with a count above 0 (a class with none gets weight 0: nothing to weigh). Rounded to
    /// 6 decimals so manifests carry the same digits everywhere.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="counts"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not in [0, 1), or a count is negative.</exception>
    public static IReadOnlyList<ClassWeight> Compute(IReadOnlyList<KeyValuePair<string, int>> counts, double beta)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (!(beta >= 0 && beta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "β of the effective-number weights must be in [0, 1).");
        }
        if (counts.Any(c => c.Value < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(counts), "Class counts cannot be negative.");
        }
        var present = counts.Where(c => c.Value > 0).ToList();
        var k = present.Count;
        var n = present.Sum(c => (double)c.Value);
        var effective = present.ToDictionary(c => c.Key, c => (1 - beta) / (1 - Math.Pow(beta, c.Value)), StringComparer.Ordinal);
        var scale = k == 0 ? 0 : k / effective.Values.Sum();
        return
        [
            .. counts.Select(c => c.Value == 0
                ? new ClassWeight(c.Key, 0, 0, 0)
                : new ClassWeight(c.Key, c.Value, Math.Round(n / (k * c.Value), 6), Math.Round(effective[c.Key] * scale, 6))),
        ];
    }

    /// <summary>Largest count ÷ smallest count among the classes present; null with fewer than one class present.</summary>
    public static double? ImbalanceRatio(IEnumerable<int> counts)
    {
        var present = counts.Where(c => c > 0).ToList();
        return present.Count == 0 ? null : Math.Round((double)present.Max() / present.Min(), 6);
    }
}
