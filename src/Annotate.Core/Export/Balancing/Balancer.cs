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
        var byClass = plan.Classes.ToDictionary(c => c, _ => new List<int>(), StringComparer.Ordinal);
        var unlabeled = new List<int>();
        foreach (var i in train)
        {
            if (plan.Records[i].Labels.Count == 0)
            {
                unlabeled.Add(i);
            }
            foreach (var label in plan.Records[i].DistinctLabels())
            {
                byClass[label].Add(i);
            }
        }
        var before = plan.Classes.Select(c => KeyValuePair.Create(c, byClass[c].Count)).ToList();
        var present = before.Where(c => c.Value > 0).Select(c => c.Value).ToList();

        var random = SeededRandom.For(plan.Options.Seed, Purpose);
        var kept = new List<int>(train.Count);
        var copies = new List<ExportItem>();
        int? keepAtMost = options.Mode switch
        {
            BalanceMode.Undersample when present.Count > 0 => present.Min(),
            BalanceMode.Cap => options.CapPerClass,
            _ => null,
        };
        var oversampleTo = options.Mode == BalanceMode.Oversample && present.Count > 0 ? present.Max() : 0;
        // Resampling goes class by class, which is only sound with one label per item (checked above); without
        // it, train is kept as planned (a multi-label item must not be added once per label).
        foreach (var label in options.Mode == BalanceMode.None ? [] : plan.Classes)
        {
            var members = byClass[label].ToArray();
            if (members.Length == 0)
            {
                continue;
            }
            if (keepAtMost is { } most && members.Length > most)
            {
                random.Shuffle(members.AsSpan());
                kept.AddRange(members.AsSpan(0, most));
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
                var copyCount = new Dictionary<int, int>();
                for (var k = 0; k < oversampleTo - members.Length; k++)
                {
                    var item = members[k % members.Length];
                    var n = copyCount[item] = copyCount.GetValueOrDefault(item) + 1;
                    copies.Add(new ExportItem(plan.Records[item], n));
                }
            }
        }
        kept.AddRange(options.Mode == BalanceMode.None ? train : unlabeled);
        kept.Sort();
        copies.Sort((a, b) => a.Copy != b.Copy ? a.Copy.CompareTo(b.Copy) : IndexOf(plan, a).CompareTo(IndexOf(plan, b)));
        CheckCopyIds(plan, copies);

        var trainItems = new List<ExportItem>(kept.Count + copies.Count);
        trainItems.AddRange(kept.Select(i => new ExportItem(plan.Records[i])));
        trainItems.AddRange(copies);

        var after = plan.Classes.Select(c => KeyValuePair.Create(c, 0)).ToDictionary(StringComparer.Ordinal);
        foreach (var item in trainItems)
        {
            foreach (var label in item.Record.DistinctLabels())
            {
                after[label]++;
            }
        }
        var afterList = plan.Classes.Select(c => KeyValuePair.Create(c, after[c])).ToList();

        var splits = new List<ExportSplit>();
        foreach (var split in plan.Splits)
        {
            splits.Add(split == SplitName.Train
                ? new ExportSplit(split, trainItems)
                : new ExportSplit(split, [.. plan.IndexesOf(split).Select(i => new ExportItem(plan.Records[i]))]));
        }
        var report = new BalanceReport(
            options.Mode,
            before,
            afterList,
            ClassWeights.ImbalanceRatio(before.Select(c => c.Value)),
            ClassWeights.ImbalanceRatio(afterList.Select(c => c.Value)),
            copies.Count,
            train.Count - kept.Count,
            options.Beta,
            ClassWeights.Compute(afterList, options.Beta));
        return new BalancedSplits(splits, report);
    }

    private static int IndexOf(SplitPlan plan, ExportItem item) => plan.IndexById[item.Record.Id];

    private static void CheckCopyIds(SplitPlan plan, List<ExportItem> copies)
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
