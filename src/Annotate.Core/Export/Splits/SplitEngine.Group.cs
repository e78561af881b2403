using Annotate.Core.Cleaning;

namespace Annotate.Core.Export.Splits;

public static partial class SplitEngine
{
    /// <summary>
    /// Joins items that share a group key or a near-duplicate group into units (union–find), then deals the units,
    /// largest first, each to the split where it adds least to the squared distance from the ideal class counts,
    /// Σ over classes (count − ideal)², ties to the split where it adds least to (size − ideal size)². That is greedy, like scikit-learn's StratifiedGroupKFold; with
    /// single-item groups it comes out as a stratified split.
    /// </summary>
    private static int[] GroupSplit(IReadOnlyList<SplitRecord> records, LabelIndex labels, double[] ratios, SeededRandom random)
    {
        var units = new UnionFind(records.Count);
        JoinBy(records, units, r => r.GroupKey);
        JoinBy(records, units, r => r.NearDuplicateGroup);

        var classTotals = labels.Totals;
        var membersOf = new Dictionary<int, List<int>>();
        var roots = new List<int>();
        for (var i = 0; i < records.Count; i++)
        {
            var root = units.Find(i);
            if (!membersOf.TryGetValue(root, out var members))
            {
                members = membersOf[root] = [];
                roots.Add(root);
            }
            members.Add(i);
        }
        var unitList = roots.Select(r => membersOf[r]).ToArray();
        random.Shuffle(unitList.AsSpan());
        // Stable: equal sizes keep the shuffled order.
        unitList = [.. unitList.OrderByDescending(u => u.Count)];

        var splits = ratios.Length;
        var size = new double[splits];
        var counts = new double[classTotals.Length, splits];
        var splitOf = new int[records.Count];
        var unitClasses = new Dictionary<int, int>();
        var ties = new List<int>(splits);
        foreach (var unit in unitList)
        {
            unitClasses.Clear();
            foreach (var i in unit)
            {
                foreach (var c in labels.Of(i))
                {
                    unitClasses[c] = unitClasses.GetValueOrDefault(c) + 1;
                }
            }
            // Class counts first; the size only breaks ties (and decides for units without labels): with one label
            // per item the class counts add up to the size anyway, and letting a size deficit outweigh a class
            // surplus would pile one class into train.
            var bestCost = (Class: double.PositiveInfinity, Size: double.PositiveInfinity);
            ties.Clear();
            for (var s = 0; s < splits; s++)
            {
                var classCost = 0.0;
                foreach (var (c, k) in unitClasses)
                {
                    classCost += Growth(counts[c, s], k, classTotals[c] * ratios[s]);
                }
                var sizeCost = Growth(size[s], unit.Count, records.Count * ratios[s]);
                var order = Compare(classCost, bestCost.Class);
                if (order == 0)
                {
                    order = Compare(sizeCost, bestCost.Size);
                }
                if (order < 0)
                {
                    bestCost = (classCost, sizeCost);
                    ties.Clear();
                    ties.Add(s);
                }
                else if (order == 0)
                {
                    ties.Add(s);
                }
            }
            var chosen = ties.Count == 1 ? ties[0] : ties[random.NextInt(ties.Count)];
            size[chosen] += unit.Count;
            foreach (var (c, k) in unitClasses)
            {
                counts[c, chosen] += k;
            }
            foreach (var i in unit)
            {
                splitOf[i] = chosen;
            }
        }
        return splitOf;
    }

    private static int Compare(double a, double b) => Math.Abs(a - b) <= 1e-9 ? 0 : a.CompareTo(b);

    /// <summary>How much (x − ideal)² grows when x grows by <paramref name="add"/>.</summary>
    private static double Growth(double current, int add, double ideal) =>
        ((current + add - ideal) * (current + add - ideal)) - ((current - ideal) * (current - ideal));

    private static void JoinBy(IReadOnlyList<SplitRecord> records, UnionFind units, Func<SplitRecord, string?> key)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            if (key(records[i]) is { Length: > 0 } group && !first.TryAdd(group, i))
            {
                units.Union(first[group], i);
            }
        }
    }
}
