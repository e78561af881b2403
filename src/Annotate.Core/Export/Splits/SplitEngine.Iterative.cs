namespace Annotate.Core.Export.Splits;

public static partial class SplitEngine
{
    /// <summary>
    /// Iterative stratification (Sechidis, Tsoumakas &amp; Vlahavas 2011, "On the Stratification of Multi-Label
    /// Data", algorithm 1): take the label with the fewest items still to place (rare labels first, while every
    /// split still has room for them), deal each of its items to the split that most lacks that label, ties to the
    /// split that most lacks items, then at random. One change from the paper: a split that has reached its
    /// largest-remainder size takes no more items, so split sizes stay within one item of the ratios.
    /// </summary>
    private static int[] IterativeSplit(IReadOnlyList<SplitRecord> records, LabelIndex labels, double[] ratios, SeededRandom random)
    {
        var itemsOf = new List<int>[labels.Classes.Length];
        for (var c = 0; c < itemsOf.Length; c++)
        {
            itemsOf[c] = new List<int>(labels.Totals[c]);
        }
        for (var i = 0; i < records.Count; i++)
        {
            foreach (var c in labels.Of(i))
            {
                itemsOf[c].Add(i);
            }
        }
        var labelCount = itemsOf.Length;
        var splits = ratios.Length;
        var room = ProportionalAllocation.LargestRemainder(records.Count, ratios, random);
        var wanted = new double[labelCount, splits];
        var remaining = new int[labelCount];
        for (var l = 0; l < labelCount; l++)
        {
            remaining[l] = itemsOf[l].Count;
            for (var s = 0; s < splits; s++)
            {
                wanted[l, s] = itemsOf[l].Count * ratios[s];
            }
        }
        // Ties between labels with equally few items go by one seeded permutation, fixed for the run.
        var labelOrder = Enumerable.Range(0, labelCount).ToArray();
        random.Shuffle(labelOrder.AsSpan());
        var splitOf = new int[records.Count];
        Array.Fill(splitOf, -1);
        var candidates = new List<int>(splits);
        while (true)
        {
            var label = -1;
            foreach (var l in labelOrder)
            {
                if (remaining[l] > 0 && (label < 0 || remaining[l] < remaining[label]))
                {
                    label = l;
                }
            }
            if (label < 0)
            {
                break;
            }
            var items = itemsOf[label].Where(i => splitOf[i] < 0).ToArray();
            random.Shuffle(items.AsSpan());
            foreach (var item in items)
            {
                candidates.Clear();
                for (var s = 0; s < splits; s++)
                {
                    if (room[s] == 0)
                    {
                        continue;
                    }
                    if (candidates.Count == 0)
                    {
                        candidates.Add(s);
                        continue;
                    }
                    var best = candidates[0];
                    var order = wanted[label, s].CompareTo(wanted[label, best]);
                    if (order == 0)
                    {
                        order = room[s].CompareTo(room[best]);
                    }
                    if (order > 0)
                    {
                        candidates.Clear();
                        candidates.Add(s);
                    }
                    else if (order == 0)
                    {
                        candidates.Add(s);
                    }
                }
                var chosen = candidates.Count == 1 ? candidates[0] : candidates[random.NextInt(candidates.Count)];
                splitOf[item] = chosen;
                room[chosen]--;
                foreach (var l in labels.Of(item))
                {
                    wanted[l, chosen]--;
                    remaining[l]--;
                }
            }
        }
        // Items without a label go where there is most room.
        for (var i = 0; i < splitOf.Length; i++)
        {
            if (splitOf[i] >= 0)
            {
                continue;
            }
            candidates.Clear();
            for (var s = 0; s < splits; s++)
            {
                if (room[s] == 0)
                {
                    continue;
                }
                if (candidates.Count == 0 || room[s] > room[candidates[0]])
                {
                    candidates.Clear();
                    candidates.Add(s);
                }
                else if (room[s] == room[candidates[0]])
                {
                    candidates.Add(s);
                }
            }
            var chosen = candidates.Count == 1 ? candidates[0] : candidates[random.NextInt(candidates.Count)];
            splitOf[i] = chosen;
            room[chosen]--;
        }
        return splitOf;
    }
}
