using Annotate.Core.Cleaning;

namespace Annotate.Core.Tests.Cleaning;

public class LshBandingTests
{
    [Theory]
    [InlineData(0.8, 128, 21, 6)]
    [InlineData(0.9, 128, 12, 10)]
    [InlineData(0.7, 128, 32, 4)]
    [InlineData(0.5, 128, 42, 3)]
    [InlineData(0.8, 64, 12, 5)]
    [InlineData(1.0, 128, 1, 128)]
    public void ChooseTakesTheMostRowsThatKeepRecallAtTheThreshold(double threshold, int hashCount, int bands, int rows)
    {
        var banding = LshBanding.Choose(threshold, hashCount);
        Assert.Equal(new LshBanding(bands, rows), banding);
        Assert.True(banding.Probability(threshold) >= LshBanding.TargetRecall);
        if (rows < hashCount)
        {
            var steeper = new LshBanding(hashCount / (rows + 1), rows + 1);
            Assert.True(steeper.Probability(threshold) < LshBanding.TargetRecall);
        }
    }

    // The S-curve documented on LshBanding, computed as 1 − (1 − s⁶)²¹.
    [Theory]
    [InlineData(0.3, 0.0152)]
    [InlineData(0.5, 0.2816)]
    [InlineData(0.7, 0.9278)]
    [InlineData(0.8, 0.9983)]
    public void ProbabilityFollowsTheDocumentedCurve(double jaccard, double expected) =>
        Assert.Equal(expected, new LshBanding(21, 6).Probability(jaccard), precision: 4);

    [Theory]
    [InlineData(0.0, 128)]
    [InlineData(1.5, 128)]
    [InlineData(0.8, 0)]
    public void ChooseThrowsWhenAnArgumentIsOutOfRange(double threshold, int hashCount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LshBanding.Choose(threshold, hashCount));
}
