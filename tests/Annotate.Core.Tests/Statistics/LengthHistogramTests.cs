using Annotate.Core.Statistics;

namespace Annotate.Core.Tests.Statistics;

public class LengthHistogramTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(15, 0)]
    [InlineData(16, 1)]
    [InlineData(127, 3)]
    [InlineData(128, 4)]
    [InlineData(8192, 10)]
    [InlineData(1_000_000, 10)]
    public void BucketOfPutsLengthsIntoTheirRange(int length, int bucket) =>
        Assert.Equal(bucket, LengthHistogram.BucketOf(length));

    [Fact]
    public void AddCountsEachLengthOnce()
    {
        var histogram = new LengthHistogram();
        foreach (var length in new[] { 3, 20, 20, 5000 })
        {
            histogram.Add(length);
        }
        Assert.Equal(4, histogram.Total);
        Assert.Equal(1, histogram.Counts[0]);
        Assert.Equal(2, histogram.Counts[1]);
        Assert.Equal(1, histogram.Counts[9]);
    }

    [Fact]
    public void AddRejectsNegativeLengths() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthHistogram().Add(-1));

    [Fact]
    public void LabelsNameInclusiveRangesAndTheOpenEnd()
    {
        Assert.Equal("64–127", LengthHistogram.Label(3));
        Assert.Equal("8192+", LengthHistogram.Label(LengthHistogram.LowerBounds.Count - 1));
    }

    [Fact]
    public void FromCountsRoundTripsAndChecksTheBucketCount()
    {
        var counts = Enumerable.Range(1, LengthHistogram.LowerBounds.Count).Select(i => (long)i).ToArray();
        Assert.Equal(counts, LengthHistogram.FromCounts(counts).Counts);
        Assert.Throws<ArgumentException>(() => LengthHistogram.FromCounts([1, 2]));
    }
}
