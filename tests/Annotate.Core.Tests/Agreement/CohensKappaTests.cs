using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

public class CohensKappaTests
{
    [Fact]
    public void MatchesCohens1960Example()
    {
        // Cohen (1960, p. 45): a 3×3 table of 200 items; p_o = 0.70, p_e = 0.41, κ = 0.492.
        int[][] table = [[88, 14, 18], [10, 40, 10], [2, 6, 12]];
        var data = Reliability.FromTable(["1", "2", "3"], table);

        var result = CohensKappa.Compute(data, "A", "B");

        Assert.Equal(0.492, result.Kappa!.Value, 3);
        Assert.Equal(0.70, result.ObservedAgreement, 2);
        Assert.Equal(0.41, result.ChanceAgreement, 2);
        Assert.Equal(200, result.Items);
        Assert.Equal(result.Kappa, CohensKappa.FromTable(table).Kappa);
    }

    [Fact]
    public void MatchesWikipediasFirstExample()
    {
        // Wikipedia, "Cohen's kappa", simple example: 50 grant proposals, Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15.
        var data = Reliability.FromTable(["Yes", "No"], [[20, 5], [10, 15]]);

        var result = CohensKappa.Compute(data, 0, 1);

        Assert.Equal(0.4, result.Kappa!.Value, 3);
        Assert.Equal(0.7, result.ObservedAgreement, 3);
        Assert.Equal(0.5, result.ChanceAgreement, 3);
    }

    [Fact]
    public void MatchesArtsteinAndPoesiosTableFour()
    {
        // Artstein and Poesio (2008), Table 4, as in scikit-learn's tests: κ = 0.8013.
        var data = Reliability.FromTable(["0", "1", "2"], [[46, 0, 0], [6, 32, 6], [0, 0, 10]]);

        Assert.Equal(0.8013, CohensKappa.Compute(data, 0, 1).Kappa!.Value, 4);
    }

    [Theory]
    [InlineData(KappaWeighting.None, 0.9315)]
    [InlineData(KappaWeighting.Linear, 0.9412)]
    [InlineData(KappaWeighting.Quadratic, 0.9541)]
    public void MatchesScikitLearnsWeightingExample(KappaWeighting weighting, double expected)
    {
        // scikit-learn test_cohen_kappa: y1 = 0×46, 1×44, 2×10 against y2 = 0×50, 1×40, 2×10.
        var data = Reliability.FromTable([0.0, 1.0, 2.0], [[46, 0, 0], [4, 40, 0], [0, 0, 10]]);

        Assert.Equal(expected, CohensKappa.Weighted(data, 0, 1, weighting).Kappa!.Value, 4);
    }

    [Fact]
    public void WeightedKappaFromATableWithTextbookWeights()
    {
        int[][] table = [[46, 0, 0], [4, 40, 0], [0, 0, 10]];

        var linear = CohensKappa.FromTable(table, (i, j) => Math.Abs(i - j) / 2.0);
        var quadratic = CohensKappa.FromTable(table, (i, j) => (i - j) * (i - j) / 4.0);

        Assert.Equal(0.9412, linear.Kappa!.Value, 4);
        Assert.Equal(0.9541, quadratic.Kappa!.Value, 4);
        // The 4 items one step off weigh ½ each: p_o = 1 − 4·½/100.
        Assert.Equal(0.98, linear.ObservedAgreement, 12);
    }

    [Fact]
    public void WeightsComeFromTheValuesSoAnUnusedStepStillCounts()
    {
        // Ratings 1, 2 and 5 on a 1-5 scale: 1→2 is one step, 2→5 three. Hand-worked with |a − b| / 4:
        // D_o = (¼ + ¼ + ¾) / 6 = 5/24; D_e = 15/36; κ = 1 − (5/24)/(15/36) = 1/2.
        // Numbering the labels present (1, 2, 5 → 0, 1, 2), as scikit-learn does, would give 7/16.
        var data = Reliability.Numbers([1, 1, 5, 1, 2, 5], [2, 2, 5, 1, 2, 2]);

        var linear = CohensKappa.Weighted(data, 0, 1, KappaWeighting.Linear);

        Assert.Equal(0.5, linear.Kappa!.Value, 12);
        Assert.Equal(1 - 5.0 / 24, linear.ObservedAgreement, 12);
    }

    [Fact]
    public void UsesOnlyItemsBothAnnotatorsLabeled()
    {
        var data = Reliability.ByCoder(Reliability.Row("a b a b . c"), Reliability.Row("a b b b a ."));

        var result = CohensKappa.Compute(data, 0, 1);

        // Shared: (a,a) (b,b) (a,b) (b,b). p_o = 3/4; p_e = ½·¼ + ½·¾ = ½; κ = ½.
        Assert.Equal(4, result.Items);
        Assert.Equal(0.5, result.Kappa!.Value, 12);
    }

    [Fact]
    public void IsSymmetric()
    {
        var data = Reliability.FromTable(["1", "2", "3"], [[88, 14, 18], [10, 40, 10], [2, 6, 12]]);

        Assert.Equal(CohensKappa.Compute(data, 0, 1).Kappa!.Value, CohensKappa.Compute(data, 1, 0).Kappa!.Value, 12);
    }

    [Fact]
    public void PerfectAgreementIsOne() =>
        Assert.Equal(1.0, CohensKappa.Compute(Reliability.ByCoder(Reliability.Row("a b c"), Reliability.Row("a b c")), 0, 1).Kappa);

    [Fact]
    public void NoSharedItemIsUndefined()
    {
        var result = CohensKappa.Compute(Reliability.ByCoder(Reliability.Row("a . b"), Reliability.Row(". a .")), 0, 1);

        Assert.Null(result.Kappa);
        Assert.Equal(0, result.Items);
        Assert.Contains("no item in common", result.UndefinedReason);
    }

    [Fact]
    public void BothGivingOneValueThroughoutIsUndefined()
    {
        var result = CohensKappa.Compute(Reliability.ByCoder(Reliability.Row("yes yes"), Reliability.Row("yes yes")), 0, 1);

        Assert.Null(result.Kappa);
        Assert.Contains("'yes'", result.UndefinedReason);
    }

    [Fact]
    public void OneSideVaryingIsDefinedEvenWhenTheOtherIsConstant()
    {
        // p_o = ½, p_e = ½ (B says yes half the time): κ = 0, not undefined.
        var result = CohensKappa.Compute(Reliability.ByCoder(Reliability.Row("yes yes"), Reliability.Row("yes no")), 0, 1);

        Assert.Equal(0.0, result.Kappa!.Value, 12);
    }

    [Fact]
    public void RefusesAnUnknownAnnotatorOrTheSameOneTwice()
    {
        var data = Reliability.ByCoder(Reliability.Row("a"), Reliability.Row("a"));

        Assert.Contains("'nobody'", Assert.Throws<ArgumentException>(() => CohensKappa.Compute(data, "c1", "nobody")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CohensKappa.Compute(data, 0, 0));
    }

    [Fact]
    public void RefusesATableThatIsNotSquare() =>
        Assert.Throws<ArgumentException>(() => CohensKappa.FromTable([[1, 2], [3]]));
}
