namespace Annotate.Core.Agreement;

/// <summary>
/// Differences between multi-label answers, for <see cref="KrippendorffAlpha.WithDifference{T}"/>: 0 for the same
/// set, up to 1 for sets with nothing in common. Two empty sets are the same answer (0).
/// </summary>
public static class SetDistance
{
    /// <summary>Jaccard distance: 1 − |A ∩ B| / |A ∪ B|.</summary>
    /// <exception cref="ArgumentNullException">A set is null.</exception>
    public static double Jaccard(LabelSet a, LabelSet b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shared = a.IntersectionCount(b);
        var union = a.Count + b.Count - shared;
        return union == 0 ? 0 : 1 - (double)shared / union;
    }

    /// <summary>
    /// MASI distance (Passonneau 2006, as in Artstein and Poesio 2008): 1 − J·M, where J is the Jaccard similarity and
    /// M is 1 for equal sets, 2/3 when one contains the other, 1/3 when they overlap otherwise and 0 when disjoint.
    /// It gives partial credit for overlap, more when one annotator's labels are a subset of the other's.
    /// </summary>
    /// <remarks>NLTK's masi_distance rounds M to 0.67 and 0.33, so its figures differ from these in the third decimal
    /// (for {1, 2} and {1, 2, 3, 4}: NLTK 0.665, here 1 − ½·⅔ = 0.667).</remarks>
    /// <exception cref="ArgumentNullException">A set is null.</exception>
    public static double Masi(LabelSet a, LabelSet b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shared = a.IntersectionCount(b);
        var union = a.Count + b.Count - shared;
        if (union == 0)
        {
            return 0;
        }
        double monotonicity =
            shared == a.Count && shared == b.Count ? 1
            : shared == Math.Min(a.Count, b.Count) ? 2.0 / 3
            : shared > 0 ? 1.0 / 3
            : 0;
        return 1 - (double)shared / union * monotonicity;
    }
}
