namespace Annotate.Core.Export.Splits;

public static partial class SplitEngine
{
    /// <summary>
    /// Sorts by timestamp and cuts at the largest-remainder sizes, moving each cut to the nearest boundary between different
    /// timestamps, so equal timestamps never straddle two splits and the order between splits is strict.
    /// </summary>
    private static int[] TimeSplit(IReadOnlyList<SplitRecord> records, double[] ratios, SeededRandom random)
    {
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Timestamp is null)
            {
                throw new ArgumentException(
                    $"Time-ordered splitting needs a timestamp on every item, and item '{records[i].Id}' has none.", nameof(records));
            }
        }
        // UtcTicks: the same instant written with two offsets is one time.
        var order = Enumerable.Range(0, records.Count).OrderBy(i => records[i].Timestamp!.Value.UtcTicks).ThenBy(i => i).ToArray();
        // Positions where a new timestamp starts (0 and the end included): the only places a cut may go.
        var boundaries = new List<int> { 0 };
        for (var p = 1; p < order.Length; p++)
        {
            if (records[order[p]].Timestamp!.Value.UtcTicks != records[order[p - 1]].Timestamp!.Value.UtcTicks)
            {
                boundaries.Add(p);
            }
        }
        if (order.Length > 0)
        {
            boundaries.Add(order.Length);
        }
        var splits = ratios.Length;
        var cuts = new int[splits + 1];
        cuts[splits] = order.Length;
        // Aim at the largest-remainder sizes, so with distinct timestamps every split is within one item of its share.
        var sizes = ProportionalAllocation.LargestRemainder(order.Length, ratios, random);
        var cumulative = 0;
        for (var s = 0; s < splits - 1; s++)
        {
            cumulative += sizes[s];
            var target = cumulative;
            var best = cuts[s];
            foreach (var b in boundaries)
            {
                if (b >= cuts[s] && Math.Abs(b - target) < Math.Abs(best - target))
                {
                    best = b;
                }
            }
            cuts[s + 1] = best;
        }
        var splitOf = new int[records.Count];
        for (var s = 0; s < splits; s++)
        {
            for (var p = cuts[s]; p < cuts[s + 1]; p++)
            {
                splitOf[order[p]] = s;
            }
        }
        return splitOf;
    }
}
