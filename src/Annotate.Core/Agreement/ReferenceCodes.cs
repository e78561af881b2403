namespace Annotate.Core.Agreement;

/// <summary>
/// A reference labeling in the data's value codes: the code of each item's reference value (-1 for none), with
/// reference values the annotators never gave appended after the data's own values.
/// </summary>
internal sealed class ReferenceCodes<T>(int[] codeOfItem, IReadOnlyList<T> values)
    where T : notnull
{
    public IReadOnlyList<T> Values { get; } = values;

    /// <summary>(annotator's code, reference code) for each item the annotator labeled that has a reference value.</summary>
    public List<(int Annotator, int Reference)> PairsWith(ReliabilityData<T> data, int annotator)
    {
        var index = data.ByAnnotator;
        var pairs = new List<(int, int)>();
        for (var r = index.Start[annotator]; r < index.Start[annotator + 1]; r++)
        {
            var reference = codeOfItem[index.Item[r]];
            if (reference >= 0)
            {
                pairs.Add((index.Value[r], reference));
            }
        }
        return pairs;
    }
}

internal static class ReferenceCodes
{
    public static ReferenceCodes<T> Of<T>(ReliabilityData<T> data, IReadOnlyDictionary<string, T> reference)
        where T : notnull
    {
        var codeOfValue = new Dictionary<T, int>(data.Comparer);
        var values = new List<T>(data.Values);
        for (var c = 0; c < values.Count; c++)
        {
            codeOfValue[values[c]] = c;
        }
        var itemIndex = new Dictionary<string, int>(data.Items.Count, StringComparer.Ordinal);
        for (var u = 0; u < data.Items.Count; u++)
        {
            itemIndex[data.Items[u]] = u;
        }
        var codeOfItem = new int[data.Items.Count];
        Array.Fill(codeOfItem, -1);
        // Sorted by item id so that new values get codes in the same order whatever the dictionary's order.
        foreach (var (item, value) in reference.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is null || !itemIndex.TryGetValue(item, out var u))
            {
                continue;
            }
            if (!codeOfValue.TryGetValue(value, out var code))
            {
                code = values.Count;
                codeOfValue[value] = code;
                values.Add(value);
            }
            codeOfItem[u] = code;
        }
        return new ReferenceCodes<T>(codeOfItem, values);
    }
}
