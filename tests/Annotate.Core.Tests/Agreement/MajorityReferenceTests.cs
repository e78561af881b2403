using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

public class MajorityReferenceTests
{
    [Fact]
    public void TakesTheOthersStrictMajorityAndLeavesOutTiesAndLoneItems()
    {
        // u1: others b b → b. u2: others a b → tie. u3: others c . → c. u4: only A. u5: A missing. u6: others a b b → b.
        var data = Reliability.ByCoder(
            Reliability.Row("a a a a . a"),
            Reliability.Row("b a c . a a"),
            Reliability.Row("b b . . a b"),
            Reliability.Row(". . . . . b"));

        var reference = MajorityReference.OfOthers(data, 0);

        Assert.Equal(
            new Dictionary<string, string> { ["u1"] = "b", ["u3"] = "c", ["u6"] = "b" },
            reference.OrderBy(p => p.Key).ToDictionary());
    }

    [Fact]
    public void NeverCountsTheAnnotatorsOwnLabel()
    {
        // With A's vote counted, u1 would be a tie (a a b b); without it the others say b.
        var data = Reliability.ByCoder(Reliability.Row("a"), Reliability.Row("a"), Reliability.Row("b"), Reliability.Row("b"));

        Assert.Equal("b", MajorityReference.OfOthers(data, 1)["u1"]);
        Assert.Equal("a", MajorityReference.OfOthers(data, 2)["u1"]);
    }

    [Fact]
    public void FeedsTheConfusionMatrixAgainstTheMajority()
    {
        var data = Reliability.ByCoder(Reliability.Row("a a b"), Reliability.Row("a b b"), Reliability.Row("a b b"));

        var confusion = ConfusionMatrix.VersusReference(data, 0, MajorityReference.OfOthers(data, 0));

        // A: a→a on u1, a against the others' b on u2, b→b on u3.
        Assert.Equal(["a", "b"], confusion.Labels);
        Assert.Equal((1, 1, 0, 1), (confusion[0, 0], confusion[0, 1], confusion[1, 0], confusion[1, 1]));
    }

    [Fact]
    public void RejectsAnAnnotatorOutOfRange()
    {
        var data = Reliability.ByCoder(Reliability.Row("a"), Reliability.Row("b"));

        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityReference.OfOthers(data, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityReference.OfOthers(data, -1));
    }
}
