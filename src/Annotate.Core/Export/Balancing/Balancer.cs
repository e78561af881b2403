using Annotate.Core.Export.Splits;

namespace Annotate.Core.Export.Balancing;

/// <summary>
/// Balances the train split of a plan. Validation and test are passed through untouched: they must keep the true
/// class distribution, or their scores mean nothing.
/// </summary>
public static class Balancer
{
    private const ulong Purpose = 2;

    /// <summary>
    /// The plan's splits, train balanced as <paramref name="options"/> say, each split in input order (copies after
    /// the originals). Random choices use the plan's seed, so the same plan and options give the same result.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// Undersampling, oversampling or the cap on multi-label data (an item would count for several classes); the cap
    /// without a positive <see cref="BalanceOptions.CapPerClass"/>; a copy's id taken by another item.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">The mode is undefined, or β is not in [0, 1).</exception>
    public static BalancedSplits Apply(SplitPlan plan, BalanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "Not a balancing mode.");
        }
        if (options.Mode != BalanceMode.None && plan.IsMultiLabel)
        {
            throw new ArgumentException(
                $"Balancing ({options.Mode.ToString().ToLowerInvariant()}) needs one label per item; this export is multi-label. Use class weights instead.",
                nameof(options));
        }
        if (options.Mode == BalanceMode.Cap && options.CapPerClass is not > 0)
        {
            throw new ArgumentException("Capping needs a cap per class of at least 1.", nameof(options));
        }

        var train = plan.IndexesOf(SplitName.Train);
        var classCount = plan.Classes.Count;
        var before = plan.ClassCounts[(int)SplitName.Train];
        var after = (int[])before.Clone();
        ExportItem[] trainItems;
        var removed = 0;
        var added = 0;
        if (options.Mode == BalanceMode.None)
        {
            trainItems = new ExportItem[train.Count];
            for (var k = 0; k < train.Count; k++)
            {
                trainItems[k] = new ExportItem(plan.Records[train[k]]);
            }
        }
        else
        {
            // One label per item here (checked above): group train by class, in input order.
            var byClass = new List<int>[classCount];
            for (var c = 0; c < classCount; c++)
            {
                byClass[c] = new List<int>(before[c]);
            }
            foreach (var i in train)
            {
                byClass[plan.Labels.SingleOf(i)].Add(i);
            }
            var present = before.Where(n => n > 0).ToList();
            int? keepAtMost = options.Mode switch
            {
                BalanceMode.Undersample when present.Count > 0 => present.Min(),
                BalanceMode.Cap => options.CapPerClass,
                _ => null,
            };
            var oversampleTo = options.Mode == BalanceMode.Oversample && present.Count > 0 ? present.Max() : 0;
            var random = SeededRandom.For(plan.Options.Seed, Purpose);
            var kept = new List<int>(train.Count);
            var copies = new List<(int Copy, int Index)>();
            for (var c = 0; c < classCount; c++)
            {
                var members = byClass[c].ToArray();
                if (members.Length == 0)
                {
                    continue;
                }
                if (keepAtMost is { } most && members.Length > most)
                {
                    random.Shuffle(members.AsSpan());
                    kept.AddRange(members.AsSpan(0, most));
                    after[c] = most;
                }
                else
                {
                    kept.AddRange(members);
                }
                if (members.Length < oversampleTo)
                {
                    // Copies cycle through the class in a shuffled order, so each item is copied at most once more
                    // than any other.
                    random.Shuffle(members.AsSpan());
                    for (var k = 0; k < oversampleTo - members.Length; k++)
                    {
                        copies.Add((k / members.Length + 1, members[k % members.Length]));
                    }
                    after[c] = oversampleTo;
                }
            }
            kept.Sort();
            copies.Sort();
            removed = train.Count - kept.Count;
            added = copies.Count;
            trainItems = [.. kept.Select(i => new ExportItem(plan.Records[i])), .. copies.Select(c => new ExportItem(plan.Records[c.Index], c.Copy))];
            CheckCopyIds(plan, trainItems.AsSpan(kept.Count));
        }

        var splits = new List<ExportSplit>();
        var written = new int[3][];
        foreach (var split in plan.Splits)
        {
            if (split == SplitName.Train)
            {
                splits.Add(new ExportSplit(split, trainItems));
                written[(int)split] = after;
                continue;
            }
            var indexes = plan.IndexesOf(split);
            var items = new ExportItem[indexes.Count];
            for (var k = 0; k < items.Length; k++)
            {
                items[k] = new ExportItem(plan.Records[indexes[k]]);
            }
            splits.Add(new ExportSplit(split, items));
            written[(int)split] = plan.ClassCounts[(int)split];
        }
        var beforeList = Pairs(plan, before);
        var afterList = Pairs(plan, after);
        var report = new BalanceReport(
            options.Mode,
            beforeList,
            afterList,
            ClassWeights.ImbalanceRatio(before),
            ClassWeights.ImbalanceRatio(after),
            added,
            removed,
            options.Beta,
            ClassWeights.Compute(afterList, options.Beta));
        return new BalancedSplits(splits, report) { WrittenClassCounts = written };
    }

    private static List<KeyValuePair<string, int>> Pairs(SplitPlan plan, int[] counts) =>
        [.. plan.Classes.Select((c, k) => KeyValuePair.Create(c, counts[k]))];

    private static void CheckCopyIds(SplitPlan plan, ReadOnlySpan<ExportItem> copies)
    {
        foreach (var copy in copies)
        {
            if (plan.IndexById.ContainsKey(copy.Id))
            {
                throw new ArgumentException($"The copy '{copy.Id}' of item '{copy.Record.Id}' would have the id of another item; rename that item.");
            }
        }
    }
}
