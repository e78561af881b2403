using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

public class AgreementTimelineTests
{
    private static readonly DateTime Day1 = new(2025, 3, 3, 0, 0, 0, DateTimeKind.Utc);

    private static TimedRating<string> At(int day, int hour, string item, string annotator, string value) =>
        new(item, annotator, Day1.AddDays(day - 1).AddHours(hour), value);

    [Fact]
    public void EachPointMeasuresTheLatestAnswersGivenBeforeIt()
    {
        TimedRating<string>[] ratings =
        [
            // Day 1: A and B agree on u1, disagree on u2.
            At(1, 9, "u1", "A", "x"), At(1, 10, "u1", "B", "x"), At(1, 11, "u2", "A", "x"), At(1, 12, "u2", "B", "y"),
            // Day 2: B changes u2 to x (a new version replaces the old), and both label u3 y.
            At(2, 9, "u2", "B", "x"), At(2, 10, "u3", "A", "y"), At(2, 11, "u3", "B", "y"),
            // Day 3: A withdraws u3's value (an answer without a value for this question).
            TimedRating<string>.Missing("u3", "A", Day1.AddDays(2).AddHours(8)),
        ];
        DateTime[] cutoffs = [Day1.AddDays(1), Day1.AddDays(2), Day1.AddDays(3)];

        var points = AgreementTimeline.Cumulative(ratings, cutoffs, KrippendorffAlpha.Nominal, StringComparer.Ordinal);

        Assert.Equal(3, points.Count);
        Assert.Equal((cutoffs[0], 4, 2, 0.5), (points[0].Until, points[0].Ratings, points[0].PairableItems, points[0].PercentAgreement!.Value));
        // Day 1 alone: one of two items agrees; α of x x / x y.
        var day1 = Reliability.ByCoder(Reliability.Row("x x"), Reliability.Row("x y"));
        Assert.Equal(KrippendorffAlpha.Nominal(day1).Alpha, points[0].Alpha);
        // Day 2: all three items agree (x, x, y).
        Assert.Equal((6, 3, 1.0, 1.0), (points[1].Ratings, points[1].PairableItems, points[1].Alpha!.Value, points[1].PercentAgreement!.Value));
        // Day 3: u3 has B's value only, so two items are pairable and both say x: no variation, α undefined.
        Assert.Equal((5, 2, (double?)null, 1.0), (points[2].Ratings, points[2].PairableItems, points[2].Alpha, points[2].PercentAgreement!.Value));
    }

    [Fact]
    public void ACutoffBeforeEveryAnswerHasNothingToMeasure()
    {
        var points = AgreementTimeline.Cumulative([At(2, 9, "u1", "A", "x")], [Day1], KrippendorffAlpha.Nominal);

        Assert.Equal((0, 0, (double?)null, (double?)null), (points[0].Ratings, points[0].PairableItems, points[0].Alpha, points[0].PercentAgreement));
    }

    [Fact]
    public void OrderOfTheInputDoesNotMatterButOrderWithinTheSameMomentDoes()
    {
        TimedRating<string>[] ratings = [At(1, 9, "u1", "A", "x"), At(1, 10, "u1", "B", "y"), At(1, 12, "u1", "B", "x")];

        var forward = AgreementTimeline.Cumulative(ratings, [Day1.AddDays(1)], KrippendorffAlpha.Nominal);
        var backward = AgreementTimeline.Cumulative(ratings.Reverse(), [Day1.AddDays(1)], KrippendorffAlpha.Nominal);

        Assert.Equal(forward, backward);
        Assert.Equal(1.0, forward[0].PercentAgreement);
    }

    [Fact]
    public void RejectsCutoffsOutOfOrder()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            AgreementTimeline.Cumulative([At(1, 9, "u1", "A", "x")], [Day1.AddDays(2), Day1.AddDays(1)], KrippendorffAlpha.Nominal));

        Assert.Contains("must ascend", e.Message);
    }

    [Fact]
    public void BucketsAreDaysForAShortRange()
    {
        var buckets = TimelineBuckets.Cover(Day1.AddHours(15), Day1.AddDays(2).AddHours(1), maxBuckets: 30);

        Assert.Equal(1, buckets.DaysPerBucket);
        Assert.Equal([Day1.AddDays(1), Day1.AddDays(2), Day1.AddDays(3)], buckets.Ends);
        Assert.Equal((0, 2, -1, -1), (buckets.IndexOf(Day1), buckets.IndexOf(Day1.AddDays(2).AddHours(23)), buckets.IndexOf(Day1.AddDays(3)), buckets.IndexOf(Day1.AddSeconds(-1))));
    }

    [Fact]
    public void BucketsBecomeWeeksAndThenSeveralWeeksToStayUnderTheLimit()
    {
        var weeks = TimelineBuckets.Cover(Day1, Day1.AddDays(40), maxBuckets: 30);
        Assert.Equal((7, 6), (weeks.DaysPerBucket, weeks.Ends.Count));
        Assert.Equal(Day1.AddDays(42), weeks.Ends[^1]);

        var fortnights = TimelineBuckets.Cover(Day1, Day1.AddDays(364), maxBuckets: 30);
        Assert.Equal(14, fortnights.DaysPerBucket);
        Assert.True(fortnights.Ends.Count <= 30);
        Assert.True(fortnights.Ends[^1] > Day1.AddDays(364));
    }

    [Fact]
    public void CountsMomentsPerBucket()
    {
        var buckets = TimelineBuckets.Cover(Day1, Day1.AddDays(1), maxBuckets: 10);

        var counts = buckets.Count([Day1.AddHours(1), Day1.AddHours(2), Day1.AddDays(1).AddHours(3), Day1.AddDays(5)]);

        Assert.Equal([2, 1], counts);
    }

    [Fact]
    public void RejectsARangeThatEndsBeforeItStarts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimelineBuckets.Cover(Day1, Day1.AddDays(-1), 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimelineBuckets.Cover(Day1, Day1, 0));
    }
}
