using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

public class KrippendorffAlphaTests
{
    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.743)]
    [InlineData(MeasurementLevel.Ordinal, 0.815)]
    [InlineData(MeasurementLevel.Interval, 0.849)]
    [InlineData(MeasurementLevel.Ratio, 0.797)]
    public void MatchesKrippendorffsWorkedExampleWithMissingValuesAtEveryLevel(MeasurementLevel level, double published)
    {
        var result = KrippendorffAlpha.Compute(PublishedExamples.Krippendorff2011MissingData(), level);

        Assert.Equal(published, result.Alpha!.Value, 3);
        // Unit 12 has one value only: it is left out, and 40 of the 41 values are pairable.
        Assert.Equal(11, result.PairableItems);
        Assert.Equal(40, result.PairableValues);
        Assert.Null(result.UndefinedReason);
    }

    [Fact]
    public void GivesThePublishedDisagreementsOfTheMissingDataExample()
    {
        var data = PublishedExamples.Krippendorff2011MissingData();

        var nominal = KrippendorffAlpha.Nominal(data);
        var interval = KrippendorffAlpha.Interval(data);

        // Krippendorff (2004, p. 230-232): D_o = 0.200, D_e = 0.779 nominal; 0.433 and 2.872 interval.
        Assert.Equal(0.200, nominal.ObservedDisagreement, 3);
        Assert.Equal(0.779, nominal.ExpectedDisagreement, 3);
        Assert.Equal(0.433, interval.ObservedDisagreement, 3);
        Assert.Equal(2.872, interval.ExpectedDisagreement, 3);
    }

    [Fact]
    public void MatchesTheBinaryTwoObserverExample()
    {
        var result = KrippendorffAlpha.Nominal(PublishedExamples.Krippendorff2011Binary());

        Assert.Equal(0.095, result.Alpha!.Value, 3);
        Assert.Equal(0.400, result.ObservedDisagreement, 3);
        Assert.Equal(0.442, result.ExpectedDisagreement, 3);
    }

    [Fact]
    public void MatchesTheNominalTwoObserverExample() =>
        Assert.Equal(0.692, KrippendorffAlpha.Nominal(PublishedExamples.Krippendorff2011Nominal()).Alpha!.Value, 3);

    [Fact]
    public void MatchesHayesAndKrippendorffsOrdinalExampleToFourDecimals() =>
        Assert.Equal(0.7598, KrippendorffAlpha.Ordinal(PublishedExamples.HayesKrippendorff2007()).Alpha!.Value, 4);

    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.642)]
    [InlineData(MeasurementLevel.Interval, 0.547)]
    [InlineData(MeasurementLevel.Ratio, 0.483)]
    public void MatchesKrippendorffs1980Example(MeasurementLevel level, double published) =>
        Assert.Equal(published, KrippendorffAlpha.Compute(PublishedExamples.Krippendorff1980(), level).Alpha!.Value, 3);

    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.691358)]
    [InlineData(MeasurementLevel.Interval, 0.810845)]
    public void MatchesTheWikipediaExampleWithManyMissingValues(MeasurementLevel level, double published) =>
        Assert.Equal(published, KrippendorffAlpha.Compute(PublishedExamples.WikipediaAlpha(), level).Alpha!.Value, 6);

    [Fact]
    public void OrdinalUsesOnlyTheOrderOfLabels()
    {
        // The missing-data example with words for values, ordered by a scale: the same 0.815 as with numbers.
        string[] scale = ["very low", "low", "mid", "high", "very high"];
        var numbers = PublishedExamples.Krippendorff2011MissingData();
        var builder = new ReliabilityDataBuilder<string>();
        for (var u = 0; u < numbers.Items.Count; u++)
        {
            var annotators = numbers.AnnotatorsOf(u);
            var codes = numbers.ValueCodesOf(u);
            for (var r = 0; r < annotators.Length; r++)
            {
                builder.Add(numbers.Items[u], numbers.Annotators[annotators[r]], scale[(int)numbers.Values[codes[r]] - 1]);
            }
        }
        var words = builder.Build();
        var order = Comparer<string>.Create((x, y) => Array.IndexOf(scale, x).CompareTo(Array.IndexOf(scale, y)));

        Assert.Equal(0.815, KrippendorffAlpha.Ordinal(words, order).Alpha!.Value, 3);
        // Alphabetical order is a different scale, and gives a different α.
        Assert.NotEqual(0.815, KrippendorffAlpha.Ordinal(words, StringComparer.Ordinal).Alpha!.Value, 3);
    }

    [Fact]
    public void TheGeneralPairwiseFormMatchesEachBuiltInLevel()
    {
        var data = PublishedExamples.Krippendorff2011MissingData();

        var nominal = KrippendorffAlpha.WithDifference(data, (a, b) => a == b ? 0 : 1);
        var interval = KrippendorffAlpha.WithDifference(data, (a, b) => (a - b) * (a - b));
        var ratio = KrippendorffAlpha.WithDifference(data, (a, b) => Math.Pow((a - b) / (a + b), 2));

        Assert.Equal(KrippendorffAlpha.Nominal(data).Alpha!.Value, nominal.Alpha!.Value, 12);
        Assert.Equal(KrippendorffAlpha.Interval(data).Alpha!.Value, interval.Alpha!.Value, 12);
        Assert.Equal(KrippendorffAlpha.Ratio(data).Alpha!.Value, ratio.Alpha!.Value, 12);
    }

    [Fact]
    public void PerfectAgreementIsOne()
    {
        var data = Reliability.ByCoder(Reliability.Row("a b c a ."), Reliability.Row("a b c a b"), Reliability.Row("a . c a b"));

        Assert.Equal(1.0, KrippendorffAlpha.Nominal(data).Alpha);
        Assert.Equal(0.0, KrippendorffAlpha.Nominal(data).ObservedDisagreement);
    }

    [Fact]
    public void OneCategoryThroughoutIsUndefinedAndSaysWhy()
    {
        var data = Reliability.ByCoder(Reliability.Row("yes yes yes"), Reliability.Row("yes yes ."));

        var result = KrippendorffAlpha.Nominal(data);

        Assert.Null(result.Alpha);
        Assert.Contains("'yes'", result.UndefinedReason);
        Assert.Contains("no variation", result.UndefinedReason);
        Assert.Equal(2, result.PairableItems);
    }

    [Fact]
    public void OnlyOneAnnotatorPerItemIsUndefined()
    {
        var data = Reliability.ByCoder(Reliability.Row("a . b"), Reliability.Row(". b ."));

        var result = KrippendorffAlpha.Nominal(data);

        Assert.Null(result.Alpha);
        Assert.Equal(0, result.PairableItems);
        Assert.Contains("no item has values from two or more annotators", result.UndefinedReason);
    }

    [Fact]
    public void AllMissingIsUndefinedAtEveryLevel()
    {
        var data = new ReliabilityDataBuilder<double>().AddMissing("u1", "a").AddMissing("u1", "b").AddMissing("u2", "a").Build();

        foreach (var level in Enum.GetValues<MeasurementLevel>())
        {
            var result = KrippendorffAlpha.Compute(data, level);
            Assert.Null(result.Alpha);
            Assert.NotNull(result.UndefinedReason);
        }
        Assert.Equal(2, data.Items.Count);
    }

    [Fact]
    public void AnItemWithOneValueDoesNotChangeAlpha()
    {
        var without = Reliability.ByCoder(Reliability.Row("a b b c"), Reliability.Row("a b c c"));
        var with = Reliability.ByCoder(Reliability.Row("a b b c a"), Reliability.Row("a b c c ."));

        Assert.Equal(KrippendorffAlpha.Nominal(without).Alpha, KrippendorffAlpha.Nominal(with).Alpha);
    }

    [Fact]
    public void TheOrderRatingsArriveInDoesNotMatter()
    {
        var data = PublishedExamples.HayesKrippendorff2007();
        var ratings = new List<(string Item, string Annotator, double Value)>();
        for (var u = 0; u < data.Items.Count; u++)
        {
            var annotators = data.AnnotatorsOf(u);
            var codes = data.ValueCodesOf(u);
            for (var r = 0; r < annotators.Length; r++)
            {
                ratings.Add((data.Items[u], data.Annotators[annotators[r]], data.Values[codes[r]]));
            }
        }
        var random = new Random(7);
        var shuffled = new ReliabilityDataBuilder<double>();
        foreach (var (item, annotator, value) in ratings.OrderBy(_ => random.Next()))
        {
            shuffled.Add(item, annotator, value);
        }

        Assert.Equal(KrippendorffAlpha.Ordinal(data).Alpha!.Value, KrippendorffAlpha.Ordinal(shuffled.Build()).Alpha!.Value, 12);
    }

    [Fact]
    public void RatioRejectsNegativeValuesNamingThem()
    {
        var data = Reliability.Numbers([1, -2], [1, 3]);

        var error = Assert.Throws<ArgumentException>(() => KrippendorffAlpha.Ratio(data));
        Assert.Contains("'-2'", error.Message);
    }

    [Fact]
    public void NumbersMustBeFinite() =>
        Assert.Throws<ArgumentException>(() => KrippendorffAlpha.Interval(Reliability.Numbers([1, double.NaN], [1, 2])));

    [Fact]
    public void ADifferenceFunctionThatGoesNegativeIsRefused()
    {
        var data = Reliability.ByCoder(Reliability.Row("a b"), Reliability.Row("b a"));

        Assert.Throws<ArgumentException>(() => KrippendorffAlpha.WithDifference(data, (_, _) => -1));
    }

    [Fact]
    public void OrdinalRefusesAnOrderThatTiesDistinctValues()
    {
        var data = Reliability.ByCoder(Reliability.Row("a B"), Reliability.Row("A b"));

        Assert.Throws<ArgumentException>(() => KrippendorffAlpha.Ordinal(data, StringComparer.OrdinalIgnoreCase));
    }
}
