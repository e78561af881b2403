namespace Annotate.Core.Agreement;

/// <summary>
/// The majority of the other annotators as a reference for one annotator: what "the majority" said about each of
/// their items, without their own label (which would otherwise count in their favour).
/// </summary>
public static class MajorityReference
{
    /// <summary>
    /// For each item <paramref name="annotator"/> labeled: the label the most other annotators gave it, when one label
    /// has strictly more of their votes than any other. Items no one else labeled, and items where the others tie, have
    /// no majority and are left out.
    /// </summary>
    /// <param name="data">The annotators' labels.</param>
    /// <param name="annotator">An index into <see cref="ReliabilityData{T}.Annotators"/>.</param>
    /// <returns>Item id to the others' majority label; pass it to <see cref="ConfusionMatrix.VersusReference"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="annotator"/> is out of range.</exception>
    public static IReadOnlyDictionary<string, T> OfOthers<T>(ReliabilityData<T> data, int annotator)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(annotator);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(annotator, data.Annotators.Count);
        var votes = new int[data.Values.Count];
        var reference = new Dictionary<string, T>(StringComparer.Ordinal);
        for (var u = 0; u < data.Items.Count; u++)
        {
            var annotators = data.AnnotatorsOf(u);
            if (annotators.BinarySearch(annotator) < 0)
            {
                continue;
            }
            var codes = data.ValueCodesOf(u);
            int best = -1, bestVotes = 0;
            var tied = false;
            for (var r = 0; r < annotators.Length; r++)
            {
                if (annotators[r] == annotator)
                {
                    continue;
                }
                var count = ++votes[codes[r]];
                if (count > bestVotes)
                {
                    (best, bestVotes, tied) = (codes[r], count, false);
                }
                else if (count == bestVotes && codes[r] != best)
                {
                    tied = true;
                }
            }
            foreach (var code in codes)
            {
                votes[code] = 0;
            }
            if (best >= 0 && !tied)
            {
                reference[data.Items[u]] = data.Values[best];
            }
        }
        return reference;
    }
}
