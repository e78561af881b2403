using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.WeakSupervision;

public class LabelMatrixBuilderTests
{
    private static readonly int[][] Rows =
    [
        [-1, 0, 0],
        [-1, -1, -1],
        [1, 0, -1],
        [-1, 0, -1],
        [0, 0, 0],
    ];

    [Fact]
    public void VotesAddedInAnyOrderGiveTheSameMatrixAsRows()
    {
        var fromRows = LabelMatrix.FromRows(Rows, lfCount: 3, classCount: 2);
        var builder = new LabelMatrixBuilder(3, 2);
        // Stored LF outputs arrive grouped by LF, not by item.
        for (var lf = 2; lf >= 0; lf--)
        {
            for (var item = Rows.Length - 1; item >= 0; item--)
            {
                builder.Add(item, lf, Rows[item][lf]);
            }
        }

        var shuffled = builder.Build();

        Assert.Equal(5, shuffled.ItemCount);
        Assert.Equal(8, shuffled.VoteCount);
        for (var item = 0; item < Rows.Length; item++)
        {
            Assert.Equal(fromRows.VotesOf(item).ToArray(), shuffled.VotesOf(item).ToArray());
            for (var lf = 0; lf < 3; lf++)
            {
                Assert.Equal(Rows[item][lf], shuffled.VoteOf(item, lf));
            }
        }
        Assert.False(shuffled.HasVotes(1));
        Assert.Equal(4, shuffled.CoveredCount());
    }

    [Fact]
    public void ACellNamesTheLfAndTheLabel()
    {
        var matrix = LabelMatrix.FromRows([[-1, 2, 0, 1]], lfCount: 4, classCount: 3);

        var cells = matrix.VotesOf(0).ToArray();

        Assert.Equal([1, 2, 3], cells.Select(matrix.LfOf));
        Assert.Equal([2, 0, 1], cells.Select(matrix.LabelOf));
    }

    [Fact]
    public void TrailingItemsWithoutVotesAreKept()
    {
        var builder = new LabelMatrixBuilder(2, 2);
        builder.Add(0, 1, 1);
        builder.Add(3, 0, -1);
        builder.EnsureItemCount(6);

        var matrix = builder.Build();

        Assert.Equal(6, matrix.ItemCount);
        Assert.Equal(1, matrix.VoteCount);
        Assert.All(Enumerable.Range(1, 5), i => Assert.False(matrix.HasVotes(i)));
    }

    [Fact]
    public void AnLfVotingTwiceOnAnItemIsRefusedNamingBoth()
    {
        var builder = new LabelMatrixBuilder(3, 2);
        builder.Add(4, 2, 0);
        builder.Add(4, 2, 1);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("LF 2 voted twice on item 4", error.Message);
    }

    [Theory]
    [InlineData(0, 3, 0)]
    [InlineData(0, -1, 0)]
    [InlineData(0, 0, 2)]
    [InlineData(0, 0, -2)]
    [InlineData(-1, 0, 0)]
    public void VotesOutsideTheMatrixAreRefused(int item, int lf, int label)
    {
        var builder = new LabelMatrixBuilder(3, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(item, lf, label));
    }

    [Fact]
    public void ARowWithTheWrongNumberOfVotesIsRefused()
    {
        var builder = new LabelMatrixBuilder(3, 2);
        builder.AddItem([0, 1, -1]);

        var error = Assert.Throws<ArgumentException>(() => builder.AddItem([0, 1]));
        Assert.Contains("Item 1 has 2 votes", error.Message);
        var badLabel = Assert.Throws<ArgumentException>(() => builder.AddItem([0, 5, 1]));
        Assert.Contains("Item 1, LF 1: 5 is not a class", badLabel.Message);
    }

    [Fact]
    public void TheBuilderCanGoOnAfterBuild()
    {
        var builder = new LabelMatrixBuilder(2, 2);
        builder.AddItem([1, 1]);
        var first = builder.Build();
        builder.AddItem([0, -1]);

        var second = builder.Build();

        Assert.Equal(1, first.ItemCount);
        Assert.Equal(2, second.ItemCount);
        Assert.Equal(0, second.VoteOf(1, 0));
    }
}
