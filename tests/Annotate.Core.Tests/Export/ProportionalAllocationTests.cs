using Annotate.Core.Export.Splits;

namespace Annotate.Core.Tests.Export;

public class ProportionalAllocationTests
{
    [Fact]
    public void ManySmallClassesDoNotPushOneSplitOffItsSize()
    {
        // Ten classes of one item: largest remainder per class gives every item to train (0.8 > 0.1), ten items
        // where eight are due. The table rounding must keep train at 8 and give validation and test one each.
        var table = ProportionalAllocation.Table([.. Enumerable.Repeat(1, 10)], [0.8, 0.1, 0.1], new SeededRandom(1));

        Assert.Equal([8, 1, 1], ColumnSums(table));
    }

    [Fact]
    public void EveryCellRowAndColumnIsItsIdealRoundedDownOrUp()
    {
        var data = new Random(11);
        double[][] ratioSets = [[0.8, 0.1, 0.1], [0.7, 0.15, 0.15], [0.8, 0.2], [0.6, 0.25, 0.15], [1.0 / 3, 1.0 / 3, 1.0 / 3]];
        for (var run = 0; run < 500; run++)
        {
            var ratios = ratioSets[run % ratioSets.Length];
            var sizes = Enumerable.Range(0, data.Next(1, 40)).Select(_ => data.Next(0, 60)).ToArray();
            var table = ProportionalAllocation.Table(sizes, ratios, new SeededRandom((ulong)run));

            var total = sizes.Sum();
            var columns = ColumnSums(table);
            for (var s = 0; s < ratios.Length; s++)
            {
                Assert.True(Math.Abs(columns[s] - (total * ratios[s])) < 1, $"run {run}: split {s} has {columns[s]} of ideal {total * ratios[s]}");
            }
            for (var c = 0; c < sizes.Length; c++)
            {
                var row = 0;
                for (var s = 0; s < ratios.Length; s++)
                {
                    Assert.True(Math.Abs(table[c, s] - (sizes[c] * ratios[s])) < 1, $"run {run}: class {c} split {s} has {table[c, s]} of ideal {sizes[c] * ratios[s]}");
                    row += table[c, s];
                }
                Assert.Equal(sizes[c], row);
            }
        }
    }

    [Fact]
    public void ExactSharesAreNotRoundedAway()
    {
        // 30 × 0.1 is 3.0000000000000004 in floating point; it must still be exactly 3.
        var table = ProportionalAllocation.Table([30, 70], [0.7, 0.2, 0.1], new SeededRandom(3));

        Assert.Equal([21, 6, 3], new[] { table[0, 0], table[0, 1], table[0, 2] });
        Assert.Equal([49, 14, 7], new[] { table[1, 0], table[1, 1], table[1, 2] });
    }

    private static int[] ColumnSums(int[,] table)
    {
        var sums = new int[table.GetLength(1)];
        for (var c = 0; c < table.GetLength(0); c++)
        {
            for (var s = 0; s < sums.Length; s++)
            {
                sums[s] += table[c, s];
            }
        }
        return sums;
    }
}
