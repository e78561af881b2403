namespace Annotate.Core.Export.Splits;

/// <summary>
/// Which split each record went to, with the figures that show the split is sound: sizes and class counts next to
/// their ideals, and how many groups (group keys, near-duplicate groups) ended up in more than one split.
/// </summary>
public sealed class SplitPlan
{
    private readonly SplitName[] assignment;
    private readonly int[][] indexes;

    internal SplitPlan(IReadOnlyList<SplitRecord> records, SplitOptions options, SplitName[] assignment)
    {
        Records = records;
        Options = options;
        IndexById = new Dictionary<string, int>(records.Count, StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            IndexById[records[i].Id] = i;
        }
        this.assignment = assignment;
        Splits = options.Ratios.Splits;
        var classes = new SortedSet<string>(StringComparer.Ordinal);
        var multiLabel = false;
        foreach (var record in records)
        {
            classes.UnionWith(record.Labels);
            multiLabel |= record.Labels.Count != 1;
        }
        Classes = [.. classes];
        IsMultiLabel = multiLabel;

        var lists = new List<int>[3];
        for (var s = 0; s < lists.Length; s++)
        {
            lists[s] = [];
        }
        for (var i = 0; i < assignment.Length; i++)
        {
            lists[(int)assignment[i]].Add(i);
        }
        indexes = [.. lists.Select(l => l.ToArray())];
        Summaries = Summarise();
        GroupsAcrossSplits = CountGroupsAcrossSplits(g => g.GroupKey) + CountGroupsAcrossSplits(g => g.NearDuplicateGroup);
    }

    /// <summary>The records, in the order given.</summary>
    public IReadOnlyList<SplitRecord> Records { get; }

    public SplitOptions Options { get; }

    /// <summary>Record index by id.</summary>
    internal Dictionary<string, int> IndexById { get; }

    /// <summary>The splits with a ratio above 0, in order (train, validation, test).</summary>
    public IReadOnlyList<SplitName> Splits { get; }

    /// <summary>Every label used, sorted by ordinal comparison.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>True when some record has no label or more than one.</summary>
    public bool IsMultiLabel { get; }

    /// <summary>Sizes and class counts per split, next to their ideals.</summary>
    public IReadOnlyList<SplitSummary> Summaries { get; }

    /// <summary>The largest |size − ideal size| over the splits.</summary>
    public double MaxSizeDeviation => Summaries.Count == 0 ? 0 : Summaries.Max(s => Math.Abs(s.SizeDeviation));

    /// <summary>The largest |class count − ideal| over the splits and classes.</summary>
    public double MaxClassDeviation => Summaries.SelectMany(s => s.Classes).Select(c => Math.Abs(c.Deviation)).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Group keys plus near-duplicate groups whose items are in more than one split: 0 for the group strategy by
    /// construction; for the others, a leakage check.
    /// </summary>
    public int GroupsAcrossSplits { get; }

    /// <summary>The split of the record at <paramref name="recordIndex"/>.</summary>
    public SplitName SplitOf(int recordIndex) => assignment[recordIndex];

    /// <summary>The indexes of the records in <paramref name="split"/>, ascending (input order).</summary>
    public IReadOnlyList<int> IndexesOf(SplitName split) => indexes[(int)split];

    private IReadOnlyList<SplitSummary> Summarise()
    {
        var classIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < Classes.Count; c++)
        {
            classIndex[Classes[c]] = c;
        }
        var totals = new int[Classes.Count];
        var perSplit = new int[3, Classes.Count];
        for (var i = 0; i < Records.Count; i++)
        {
            foreach (var label in Records[i].DistinctLabels())
            {
                var c = classIndex[label];
                totals[c]++;
                perSplit[(int)assignment[i], c]++;
            }
        }
        var summaries = new List<SplitSummary>();
        foreach (var split in Splits)
        {
            var ratio = Options.Ratios.Of(split);
            var classes = new ClassCount[Classes.Count];
            for (var c = 0; c < classes.Length; c++)
            {
                classes[c] = new ClassCount(Classes[c], totals[c] * ratio, perSplit[(int)split, c]);
            }
            summaries.Add(new SplitSummary(split, Records.Count * ratio, indexes[(int)split].Length, classes));
        }
        return summaries;
    }

    private int CountGroupsAcrossSplits(Func<SplitRecord, string?> key)
    {
        var first = new Dictionary<string, SplitName>(StringComparer.Ordinal);
        var crossing = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Records.Count; i++)
        {
            if (key(Records[i]) is not { Length: > 0 } group)
            {
                continue;
            }
            if (!first.TryAdd(group, assignment[i]) && first[group] != assignment[i])
            {
                crossing.Add(group);
            }
        }
        return crossing.Count;
    }
}
