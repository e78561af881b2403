using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

public class FleissKappaTests
{
    [Fact]
    public void MatchesFleiss1971()
    {
        var result = FleissKappa.Compute(PublishedExamples.Fleiss1971());

        Assert.Equal(0.430, result.Kappa!.Value, 3);
        Assert.Equal(0.556, result.ObservedAgreement, 3);
        Assert.Equal(0.220, result.ChanceAgreement, 3);
        Assert.Equal(30, result.Items);
        Assert.Equal(6, result.RatingsPerItem);
    }

    [Fact]
    public void MatchesFleiss1971PerDiagnosis()
    {
        var data = PublishedExamples.Fleiss1971();

        var result = FleissKappa.Compute(data);

        double[] published = [0.245, 0.245, 0.520, 0.471, 0.566];
        for (var diagnosis = 1; diagnosis <= 5; diagnosis++)
        {
            var code = data.Values.ToList().IndexOf(diagnosis);
            Assert.Equal(published[diagnosis - 1], result.CategoryKappas[code]!.Value, 3);
        }
    }

    [Fact]
    public void MatchesWikipediasExampleFromCounts()
    {
        var result = FleissKappa.FromCounts(PublishedExamples.WikipediaFleissCounts());

        Assert.Equal(0.210, result.Kappa!.Value, 3);
        Assert.Equal(0.378, result.ObservedAgreement, 3);
        Assert.Equal(0.213, result.ChanceAgreement, 3);
        Assert.Equal(14, result.RatingsPerItem);
    }

    [Fact]
    public void CountsAndRatingsGiveTheSameKappa()
    {
        var data = PublishedExamples.Fleiss1971();
        var counts = Enumerable.Range(0, data.Items.Count)
            .Select(u => (IReadOnlyList<int>)[.. Enumerable.Range(1, 5).Select(d => data.ValueCodesOf(u).ToArray().Count(c => data.Values[c] == d))])
            .ToList();

        Assert.Equal(FleissKappa.Compute(data).Kappa!.Value, FleissKappa.FromCounts(counts).Kappa!.Value, 12);
    }

    [Fact]
    public void UnequalRatingsPerItemIsUndefinedAndPointsToAlpha()
    {
        var data = Reliability.ByCoder(Reliability.Row("a b a"), Reliability.Row("a b ."), Reliability.Row("a . b"));

        var result = FleissKappa.Compute(data);

        Assert.Null(result.Kappa);
        Assert.Contains("between 2 and 3", result.UndefinedReason);
        Assert.Contains("Krippendorff", result.UndefinedReason);
    }

    [Fact]
    public void ItemsWithNoValueAreNotCounted()
    {
        var complete = Reliability.ByCoder(Reliability.Row("a b a"), Reliability.Row("a b b"));
        var withEmptyItem = Reliability.ByCoder(Reliability.Row("a b a ."), Reliability.Row("a b b ."));

        Assert.Equal(FleissKappa.Compute(complete).Kappa, FleissKappa.Compute(withEmptyItem).Kappa);
        Assert.Equal(3, FleissKappa.Compute(withEmptyItem).Items);
    }

    [Fact]
    public void OneCategoryThroughoutIsUndefined()
    {
        var result = FleissKappa.Compute(Reliability.ByCoder(Reliability.Row("x x"), Reliability.Row("x x")));

        Assert.Null(result.Kappa);
        Assert.Contains("same category", result.UndefinedReason);
    }

    [Fact]
    public void PerfectAgreementIsOne() =>
        Assert.Equal(1.0, FleissKappa.Compute(Reliability.ByCoder(Reliability.Row("a b c"), Reliability.Row("a b c"), Reliability.Row("a b c"))).Kappa);

    [Fact]
    public void AllMissingIsUndefined() =>
        Assert.Null(FleissKappa.Compute(new ReliabilityDataBuilder<string>().AddMissing("u1", "a").Build()).Kappa);

    [Fact]
    public void RefusesCountRowsWithDifferentTotals()
    {
        var error = Assert.Throws<ArgumentException>(() => FleissKappa.FromCounts([[1, 2], [2, 2]]));
        Assert.Contains("Row 2", error.Message);
    }
}
