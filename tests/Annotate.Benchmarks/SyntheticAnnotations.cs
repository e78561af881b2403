namespace Annotate.Benchmarks;

/// <summary>Deterministic annotations for agreement benchmarks: a true label per item, annotators right most of the time.</summary>
public static class SyntheticAnnotations
{
    /// <summary>
    /// One row per item and annotator, in item order; a label is null (missing) with probability
    /// <paramref name="missingShare"/>, the item's true label with probability <paramref name="accuracy"/>, else a random label.
    /// </summary>
    public static (string Item, string Annotator, string? Label)[] Rows(int items, int annotators, int labels, double accuracy, double missingShare, int seed)
    {
        var random = new Random(seed);
        var labelNames = Enumerable.Range(0, labels).Select(l => $"label{l}").ToArray();
        var annotatorNames = Enumerable.Range(0, annotators).Select(a => $"annotator{a}").ToArray();
        var rows = new (string, string, string?)[items * annotators];
        for (var u = 0; u < items; u++)
        {
            var item = $"item{u}";
            var truth = random.Next(labels);
            for (var a = 0; a < annotators; a++)
            {
                string? label = random.NextDouble() < missingShare
                    ? null
                    : labelNames[random.NextDouble() < accuracy ? truth : random.Next(labels)];
                rows[u * annotators + a] = (item, annotatorNames[a], label);
            }
        }
        return rows;
    }
}
