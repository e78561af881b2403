namespace Annotate.Core.Export.Splits;

/// <summary>
/// Deals records to train, validation and test. Pure and deterministic: the same records in the same order with the
/// same options give the same plan on every machine (the random choices come from <see cref="SeededRandom"/>).
/// </summary>
/// <remarks>
/// Guarantees, by strategy (n = item count, r = a split's ratio, n_c = items of class c):
/// <list type="bullet">
/// <item><see cref="SplitStrategy.Random"/>: every split's size is n·r rounded down or up.</item>
/// <item><see cref="SplitStrategy.Stratified"/>: that, and every split's count of class c is n_c·r rounded down or up.</item>
/// <item><see cref="SplitStrategy.Iterative"/>: split sizes as for random; per-label counts as close as the
/// algorithm of Sechidis et al. gets them (it is a greedy heuristic).</item>
/// <item><see cref="SplitStrategy.Group"/>: no group key and no near-duplicate group in two splits; sizes and class
/// counts as close as the groups allow (see <see cref="SplitPlan.Summaries"/>).</item>
/// <item><see cref="SplitStrategy.Time"/>: every train timestamp is earlier than every validation timestamp, and
/// those than every test timestamp; items with the same timestamp share a split, so sizes may be off by the size
/// of a run of equal timestamps.</item>
/// </list>
/// </remarks>
public static partial class SplitEngine
{
    /// <summary>Plans the split of <paramref name="records"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument or a record is null.</exception>
    /// <exception cref="ArgumentException">
    /// Two records share an id; the stratified strategy meets a record without exactly one label; the time-ordered
    /// strategy meets a record without a timestamp. The message names the record.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">The strategy is not defined.</exception>
    public static SplitPlan Split(IReadOnlyList<SplitRecord> records, SplitOptions options)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Ratios);
        var indexById = new Dictionary<string, int>(records.Count, StringComparer.Ordinal);
        bool hasGroupKeys = false, hasNearDuplicates = false, hasTimestamps = false;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i] ?? throw new ArgumentNullException(nameof(records), $"The record at index {i} is null.");
            if (!indexById.TryAdd(record.Id, i))
            {
                throw new ArgumentException($"Two items have the id '{record.Id}' (the second at index {i}); ids must be unique in an export.", nameof(records));
            }
            hasGroupKeys |= record.GroupKey is not null;
            hasNearDuplicates |= record.NearDuplicateGroup is not null;
            hasTimestamps |= record.Timestamp is not null;
        }
        var labels = LabelIndex.Build(records);
        var random = SeededRandom.For(options.Seed, purpose: 1);
        double[] ratios = [.. options.Ratios.Splits.Select(options.Ratios.Of)];
        var splitOf = options.Strategy switch
        {
            SplitStrategy.Random => RandomSplit(records.Count, ratios, random),
            SplitStrategy.Stratified => StratifiedSplit(records, labels, ratios, random),
            SplitStrategy.Iterative => IterativeSplit(records, labels, ratios, random),
            SplitStrategy.Group => GroupSplit(records, labels, ratios, random),
            SplitStrategy.Time => TimeSplit(records, ratios, random),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Strategy, "Not a split strategy."),
        };
        var present = options.Ratios.Splits;
        var assignment = new SplitName[records.Count];
        for (var i = 0; i < assignment.Length; i++)
        {
            assignment[i] = present[splitOf[i]];
        }
        return new SplitPlan(records, options, assignment, labels, indexById, (hasGroupKeys, hasNearDuplicates, hasTimestamps));
    }

    /// <summary>A seeded shuffle cut at largest-remainder sizes. Returns, per record, an index into the present splits.</summary>
    private static int[] RandomSplit(int count, double[] ratios, SeededRandom random)
    {
        var sizes = ProportionalAllocation.LargestRemainder(count, ratios, random);
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order.AsSpan());
        var splitOf = new int[count];
        var position = 0;
        for (var s = 0; s < sizes.Length; s++)
        {
            for (var k = 0; k < sizes[s]; k++)
            {
                splitOf[order[position++]] = s;
            }
        }
        return splitOf;
    }

    private static int[] StratifiedSplit(IReadOnlyList<SplitRecord> records, LabelIndex labels, double[] ratios, SeededRandom random)
    {
        if (labels.IsMultiLabel)
        {
            var first = Enumerable.Range(0, records.Count).First(i => records[i].Labels.Count != 1);
            throw new ArgumentException(
                $"Stratified splitting needs exactly one label per item, and item '{records[first].Id}' has {records[first].Labels.Count}; use the iterative strategy for multi-label data.",
                nameof(records));
        }
        // Members of each class, in input order (a counting sort by class number).
        var classes = labels.Classes.Length;
        var start = new int[classes + 1];
        for (var c = 0; c < classes; c++)
        {
            start[c + 1] = start[c] + labels.Totals[c];
        }
        var members = new int[records.Count];
        var next = (int[])start.Clone();
        for (var i = 0; i < records.Count; i++)
        {
            members[next[labels.SingleOf(i)]++] = i;
        }
        // Classes are numbered in sorted order, so reordering the input does not change the rounding.
        var table = ProportionalAllocation.Table(labels.Totals, ratios, random);
        var splitOf = new int[records.Count];
        for (var c = 0; c < classes; c++)
        {
            var items = members.AsSpan(start[c], labels.Totals[c]);
            random.Shuffle(items);
            var position = 0;
            for (var s = 0; s < ratios.Length; s++)
            {
                for (var k = 0; k < table[c, s]; k++)
                {
                    splitOf[items[position++]] = s;
                }
            }
        }
        return splitOf;
    }
}
