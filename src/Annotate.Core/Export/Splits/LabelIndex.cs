namespace Annotate.Core.Export.Splits;

/// <summary>
/// The labels of all records as class numbers, worked out once: the strategies, the plan's summaries, balancing and
/// the manifest all count by class, and a string lookup per item in each of them would cost more than the split.
/// </summary>
internal sealed class LabelIndex
{
    private readonly int[] single;
    private readonly int[][]? multi;

    private LabelIndex(string[] classes, int[] single, int[][]? multi, int[] totals)
    {
        Classes = classes;
        this.single = single;
        this.multi = multi;
        Totals = totals;
    }

    /// <summary>Every label, sorted by ordinal comparison; a class number indexes this.</summary>
    public string[] Classes { get; }

    /// <summary>Items per class (an item counts once for each of its labels).</summary>
    public int[] Totals { get; }

    /// <summary>True when some record has no label or more than one.</summary>
    public bool IsMultiLabel => multi is not null;

    /// <summary>The class of record <paramref name="index"/> when every record has exactly one label.</summary>
    public int SingleOf(int index) => single[index];

    /// <summary>The distinct classes of record <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Of(int index) => multi is null ? new ReadOnlySpan<int>(single, index, 1) : multi[index];

    public static LabelIndex Build(IReadOnlyList<SplitRecord> records)
    {
        // Number labels by first appearance, then renumber in sorted order so class numbers do not depend on the
        // input's order.
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var single = new int[records.Count];
        int[][]? multi = null;
        for (var i = 0; i < records.Count; i++)
        {
            var labels = records[i].Labels;
            if (labels.Count == 1 && multi is null)
            {
                single[i] = Number(numbers, labels[0]);
                continue;
            }
            if (multi is null)
            {
                multi = new int[records.Count][];
                for (var k = 0; k < i; k++)
                {
                    multi[k] = [single[k]];
                }
            }
            var distinct = new List<int>(labels.Count);
            foreach (var label in labels)
            {
                var c = Number(numbers, label);
                if (!distinct.Contains(c))
                {
                    distinct.Add(c);
                }
            }
            multi[i] = [.. distinct];
        }
        var classes = numbers.Keys.Order(StringComparer.Ordinal).ToArray();
        var renumber = new int[classes.Length];
        for (var c = 0; c < classes.Length; c++)
        {
            renumber[numbers[classes[c]]] = c;
        }
        var totals = new int[classes.Length];
        if (multi is null)
        {
            for (var i = 0; i < single.Length; i++)
            {
                totals[single[i] = renumber[single[i]]]++;
            }
        }
        else
        {
            foreach (var ids in multi)
            {
                for (var k = 0; k < ids.Length; k++)
                {
                    totals[ids[k] = renumber[ids[k]]]++;
                }
            }
            Array.Fill(single, -1);
        }
        return new LabelIndex(classes, single, multi, totals);
    }

    private static int Number(Dictionary<string, int> numbers, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!numbers.TryGetValue(label, out var c))
        {
            c = numbers[label] = numbers.Count;
        }
        return c;
    }
}
