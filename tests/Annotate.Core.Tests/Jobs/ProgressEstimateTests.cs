using Annotate.Core.Jobs;

namespace Annotate.Core.Tests.Jobs;

public class ProgressEstimateTests
{
    [Fact]
    public void FractionIsZeroWhileTotalIsUnknown() =>
        Assert.Equal(0, new ProgressEstimate(500, 0, TimeSpan.FromSeconds(1)).Fraction);

    [Fact]
    public void FractionIsClampedToOne() =>
        Assert.Equal(1, new ProgressEstimate(120, 100, TimeSpan.FromSeconds(1)).Fraction);

    [Fact]
    public void RateAndRemainingFollowFromElapsedTime()
    {
        var estimate = new ProgressEstimate(2_000, 10_000, TimeSpan.FromSeconds(4));
        Assert.Equal(500, estimate.RatePerSecond);
        Assert.Equal(TimeSpan.FromSeconds(16), estimate.Remaining);
    }

    [Fact]
    public void RemainingIsUnknownBeforeAnyProgress() =>
        Assert.Null(new ProgressEstimate(0, 100, TimeSpan.FromSeconds(3)).Remaining);

    [Fact]
    public void DescribeNamesCountsRateAndTimeLeft() =>
        Assert.Equal("2,000 of 10,000 rows · 500/s · about 16 s left",
            new ProgressEstimate(2_000, 10_000, TimeSpan.FromSeconds(4)).Describe("rows"));

    [Fact]
    public void DescribeOmitsTimeLeftWhenDone() =>
        Assert.Equal("10 of 10 items · 5/s", new ProgressEstimate(10, 10, TimeSpan.FromSeconds(2)).Describe("items"));

    [Theory]
    [InlineData(0.2, "1 s")]
    [InlineData(42.1, "43 s")]
    [InlineData(125, "2 min 5 s")]
    [InlineData(7_300, "2 h 1 min")]
    public void FormatDurationIsShortAndReadable(double seconds, string expected) =>
        Assert.Equal(expected, ProgressEstimate.FormatDuration(TimeSpan.FromSeconds(seconds)));
}
