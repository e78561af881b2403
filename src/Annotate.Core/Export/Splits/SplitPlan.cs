namespace Annotate.Core.Export.Splits;

/// <summary>
/// Which split each record went to, with the figures that show the split is sound: sizes and class counts next to
/// their ideals, and how many groups (group keys, near-duplicate groups) ended up in more than one split.
/// </summary>
public sealed class SplitPlan
{
    private readonly SplitName[] assignment;
    private readonly int[][] indexes;

    internal SplitPlan(
        IReadOnlyList<SplitRecord> records, SplitOptions options, SplitName[] assignment, LabelIndex labels, Dictionary<string, int> indexById,
        (bool GroupKeys, bool NearDuplicates, bool Timestamps) present)
    {
        Records = records;
        Options = options;
        this.assignment = assignment;
        Labels = labels;
        IndexById = indexById;
        Splits = options.Ratios.Splits;
        Classes = labels.Classes;
        IsMultiLabel = labels.IsMultiLabel;

        var sizes = new int[3];
        foreach (var split in assignment)
        {
            sizes[(int)split]++;
        }
        indexes = [new int[sizes[0]], new int[sizes[1]], new int[sizes[2]]];
        var filled = new int[3];
        ClassCounts = [new int[Classes.Count], new int[Classes.Count], new int[Classes.Count]];
        for (var i = 0; i < assignment.Length; i++)
        {
            var s = (int)assignment[i];
            indexes[s][filled[s]++] = i;
            foreach (var c in labels.Of(i))
            {
                ClassCounts[s][c]++;
            }
        }
        Summaries = Summarise();
        (HasGroupKeys, HasNearDuplicateGroups, HasTimestamps) = present;
        GroupsAcrossSplits = (HasGroupKeys ? CountGroupsAcrossSplits(g => g.GroupKey) : 0) + (HasNearDuplicateGroups ? CountGroupsAcrossSplits(g => g.NearDuplicateGroup) : 0);
    }

    /// <summary>The records, in the order given.</summary>
    public IReadOnlyList<SplitRecord> Records { get; }

    public SplitOptions Options { get; }

    /// <summary>Record index by id.</summary>
    internal Dictionary<string, int> IndexById { get; }

    /// <summary>Some record has a group key / a near-duplicate group / a timestamp.</summary>
    internal bool HasGroupKeys { get; }

    internal bool HasNearDuplicateGroups { get; }

    internal bool HasTimestamps { get; }

    /// <summary>The records' labels as class numbers (indexes into <see cref="Classes"/>).</summary>
    internal LabelIndex Labels { get; }

    /// <summary>Items per class number, by split (indexed by <see cref="SplitName"/>).</summary>
    internal int[][] ClassCounts { get; }

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
        var summaries = new List<SplitSummary>();
        foreach (var split in Splits)
        {
            var ratio = Options.Ratios.Of(split);
            var classes = new ClassCount[Classes.Count];
            for (var c = 0; c < classes.Length; c++)
            {
                classes[c] = new ClassCount(Classes[c], Labels.Totals[c] * ratio, ClassCounts[(int)split][c]);
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
