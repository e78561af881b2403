namespace Annotate.Core.Export.Splits;

/// <summary>
/// Rounds ideal shares (count × ratio) to whole items. <see cref="LargestRemainder"/> rounds one count;
/// <see cref="Table"/> rounds a class × split table so that every cell, every class total and every split total is
/// its ideal rounded down or up, which per-class largest remainder alone does not give (with many small classes the
/// remainders can all fall to the same split and push its size several items off).
/// </summary>
internal static class ProportionalAllocation
{
    // Shares like 30 × 0.1 come out as 3.0000000000000004 or 2.9999999999999996; within this of a whole number
    // they are that number, so an exact share is never rounded the wrong way.
    private const double Snap = 1e-9;

    /// <summary>Splits <paramref name="total"/> by <paramref name="ratios"/>: floors, then one more to the largest remainders (ties by <paramref name="random"/>).</summary>
    public static int[] LargestRemainder(int total, IReadOnlyList<double> ratios, SeededRandom random)
    {
        var counts = new int[ratios.Count];
        var remainders = new double[ratios.Count];
        var given = 0;
        for (var s = 0; s < ratios.Count; s++)
        {
            var (floor, fraction) = Split(total * ratios[s]);
            counts[s] = floor;
            remainders[s] = fraction;
            given += floor;
        }
        var order = TieBrokenOrder(remainders, random);
        for (var k = 0; given < total; k++)
        {
            counts[order[k % order.Length]]++;
            given++;
        }
        return counts;
    }

    /// <summary>
    /// Rounds the table ideal[c, s] = <paramref name="classSizes"/>[c] × <paramref name="ratios"/>[s] so that each
    /// row sums to its class size exactly, each cell is its ideal rounded down or up, and each column sums to its
    /// ideal (items × ratio) rounded down or up. Such a rounding always exists (the fractional table is one, and
    /// the constraints form a network, whose polytope has whole-number corners); it is found as a flow of the
    /// leftover units from classes to splits. Larger remainders are preferred; ties go by <paramref name="random"/>.
    /// </summary>
    public static int[,] Table(IReadOnlyList<int> classSizes, IReadOnlyList<double> ratios, SeededRandom random)
    {
        var k = classSizes.Count;
        var splits = ratios.Count;
        var counts = new int[k, splits];
        var fraction = new double[k, splits];
        var supply = new int[k];
        var columnFraction = new double[splits];
        for (var c = 0; c < k; c++)
        {
            var floors = 0;
            for (var s = 0; s < splits; s++)
            {
                var (floor, f) = Split(classSizes[c] * ratios[s]);
                counts[c, s] = floor;
                fraction[c, s] = f;
                floors += floor;
                columnFraction[s] += f;
            }
            supply[c] = classSizes[c] - floors;
        }
        // Each split takes between floor and ceil of its summed remainders. First fill every split to its floor,
        // then let the flow go on to the ceilings: an augmenting path never takes flow back from the sink, so the
        // floors stay met.
        var low = new int[splits];
        var high = new int[splits];
        for (var s = 0; s < splits; s++)
        {
            var (floor, f) = Split(columnFraction[s]);
            low[s] = floor;
            high[s] = f > 0 ? floor + 1 : floor;
        }
        var flow = new bool[k, splits];
        var taken = new int[splits];
        var classOrder = Enumerable.Range(0, k).ToArray();
        random.Shuffle(classOrder.AsSpan());
        var edgeOrder = new int[k][];
        for (var c = 0; c < k; c++)
        {
            var row = new double[splits];
            for (var s = 0; s < splits; s++)
            {
                row[s] = fraction[c, s];
            }
            edgeOrder[c] = TieBrokenOrder(row, random);
        }
        foreach (var capacity in new[] { low, high })
        {
            while (Augment(supply, fraction, flow, taken, capacity, classOrder, edgeOrder))
            {
            }
        }
        if (supply.Any(s => s != 0))
        {
            throw new InvalidOperationException("Proportional allocation left items unplaced; the rounding should always exist.");
        }
        for (var c = 0; c < k; c++)
        {
            for (var s = 0; s < splits; s++)
            {
                if (flow[c, s])
                {
                    counts[c, s]++;
                }
            }
        }
        return counts;
    }

    /// <summary>One breadth-first augmenting path source → class → split (→ class backwards → split …) → sink.</summary>
    private static bool Augment(int[] supply, double[,] fraction, bool[,] flow, int[] taken, int[] capacity, int[] classOrder, int[][] edgeOrder)
    {
        var k = supply.Length;
        var splits = taken.Length;
        var classFrom = new int[k];     // the split a class was reached from (backwards), or −1 from the source
        var splitFrom = new int[splits]; // the class a split was reached from
        Array.Fill(classFrom, -2);
        Array.Fill(splitFrom, -1);
        var queue = new Queue<int>();
        foreach (var c in classOrder)
        {
            if (supply[c] > 0)
            {
                classFrom[c] = -1;
                queue.Enqueue(c);
            }
        }
        while (queue.Count > 0)
        {
            var c = queue.Dequeue();
            foreach (var s in edgeOrder[c])
            {
                if (splitFrom[s] >= 0 || fraction[c, s] <= 0 || flow[c, s])
                {
                    continue;
                }
                splitFrom[s] = c;
                if (taken[s] < capacity[s])
                {
                    // Found: walk back, flipping edges.
                    taken[s]++;
                    var split = s;
                    while (true)
                    {
                        var cls = splitFrom[split];
                        flow[cls, split] = true;
                        var back = classFrom[cls];
                        if (back == -1)
                        {
                            supply[cls]--;
                            return true;
                        }
                        flow[cls, back] = false;
                        split = back;
                    }
                }
                foreach (var c2 in classOrder)
                {
                    if (classFrom[c2] == -2 && flow[c2, s])
                    {
                        classFrom[c2] = s;
                        queue.Enqueue(c2);
                    }
                }
            }
        }
        return false;
    }

    private static (int Floor, double Fraction) Split(double value)
    {
        var rounded = Math.Round(value);
        if (Math.Abs(value - rounded) < Snap)
        {
            return ((int)rounded, 0);
        }
        var floor = Math.Floor(value);
        return ((int)floor, value - floor);
    }

    /// <summary>Indexes by descending value; equal values in an order drawn from <paramref name="random"/>.</summary>
    private static int[] TieBrokenOrder(double[] values, SeededRandom random)
    {
        var order = Enumerable.Range(0, values.Length).ToArray();
        random.Shuffle(order.AsSpan());
        // A stable sort keeps the shuffled order among equals.
        return [.. order.OrderByDescending(i => values[i])];
    }
}
