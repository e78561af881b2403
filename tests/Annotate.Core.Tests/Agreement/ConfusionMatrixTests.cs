using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

public class ConfusionMatrixTests
{
    [Fact]
    public void BetweenCountsValuePairsOnSharedItems()
    {
        var data = Reliability.ByCoder(Reliability.Row("a b a b c"), Reliability.Row("a b b . c"));

        var matrix = ConfusionMatrix.Between(data, 0, 1);

        Assert.Equal(["a", "b", "c"], matrix.Labels);
        Assert.Equal(1, matrix[0, 0]);
        Assert.Equal(1, matrix[0, 1]);
        Assert.Equal(0, matrix[1, 0]);
        Assert.Equal(4, matrix.Total);
        Assert.Equal(3, matrix.Agreeing);
    }

    [Fact]
    public void RowsAreTheFirstAnnotator()
    {
        var data = Reliability.ByCoder(Reliability.Row("a a"), Reliability.Row("b b"));

        Assert.Equal(2, ConfusionMatrix.Between(data, 0, 1)[0, 1]);
        Assert.Equal(2, ConfusionMatrix.Between(data, 1, 0)[1, 0]);
    }

    [Fact]
    public void VersusReferenceAddsReferenceValuesTheAnnotatorsNeverGave()
    {
        var data = Reliability.ByCoder(Reliability.Row("a a"), Reliability.Row("a ."));

        var matrix = ConfusionMatrix.VersusReference(data, 0, new Dictionary<string, string> { ["u1"] = "a", ["u2"] = "z" });

        Assert.Equal(["a", "z"], matrix.Labels);
        Assert.Equal([[1, 1], [0, 0]], matrix.Rows().Select(r => r.ToArray()));
    }

    [Fact]
    public void IndexesOutsideTheLabelsAreRefused() =>
        Assert.Throws<IndexOutOfRangeException>(() => ConfusionMatrix.Between(Reliability.ByCoder(Reliability.Row("a"), Reliability.Row("a")), 0, 1)[1, 0]);
}
