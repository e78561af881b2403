using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

public class AgreementBreakdownTests
{
    /// <summary>
    /// Three annotators, four items: A a b a b / B a b b . / C . b b a. Hand-worked figures are in each test.
    /// </summary>
    private static ReliabilityData<string> Small() => Reliability.ByCoder(
        Reliability.Row("a b a b"), Reliability.Row("a b b ."), Reliability.Row(". b b a"));

    [Fact]
    public void ByLabelMatchesOneVersusRestAlphaOfKrippendorffs1980Example()
    {
        var data = PublishedExamples.Krippendorff1980();

        var byLabel = AgreementBreakdown.ByLabel(data);

        double[] expected = [0.381, 0.711, 0.717, 0.764];
        for (var value = 1; value <= 4; value++)
        {
            var label = byLabel.Single(l => l.Label == value);
            Assert.Equal(expected[value - 1], label.Alpha!.Value, 3);
        }
        // Value 1: given 6 times on pairable items; o_11 = 3 (only unit 1 has it twice or more, 3·2/2).
        var one = byLabel.Single(l => l.Label == 1);
        Assert.Equal(6, one.PairableValues);
        Assert.Equal(0.5, one.SpecificAgreement!.Value, 12);
    }

    [Fact]
    public void ByLabelEqualsAlphaOfTheRecodedData()
    {
        var data = PublishedExamples.Krippendorff2011MissingData();

        foreach (var label in AgreementBreakdown.ByLabel(data))
        {
            var recoded = new ReliabilityDataBuilder<bool>();
            for (var u = 0; u < data.Items.Count; u++)
            {
                var annotators = data.AnnotatorsOf(u);
                var codes = data.ValueCodesOf(u);
                for (var r = 0; r < annotators.Length; r++)
                {
                    recoded.Add(data.Items[u], data.Annotators[annotators[r]], data.Values[codes[r]] == label.Label);
                }
            }
            var direct = KrippendorffAlpha.Nominal(recoded.Build()).Alpha;
            Assert.Equal(direct.HasValue, label.Alpha.HasValue);
            if (direct is { } alpha)
            {
                Assert.Equal(alpha, label.Alpha!.Value, 12);
            }
        }
    }

    [Fact]
    public void ByLabelSaysWhenALabelIsEverywhere()
    {
        var only = Assert.Single(AgreementBreakdown.ByLabel(Reliability.ByCoder(Reliability.Row("x x"), Reliability.Row("x x"))));

        Assert.Null(only.Alpha);
        Assert.Equal(1.0, only.SpecificAgreement);
        Assert.NotNull(only.UndefinedReason);
    }

    [Fact]
    public void ByPairGivesEveryPairItsSharedItemsAgreementAndKappa()
    {
        var pairs = AgreementBreakdown.ByPair(Small());

        Assert.Equal([("c1", "c2"), ("c1", "c3"), ("c2", "c3")], pairs.Select(p => (p.A, p.B)));
        // A–B: (a,a) (b,b) (a,b): ⅔ agree; p_e = (2·1 + 1·2)/9 = 4/9; κ = (⅔ − 4/9)/(5/9) = 0.4.
        Assert.Equal(3, pairs[0].SharedItems);
        Assert.Equal(2.0 / 3, pairs[0].PercentAgreement!.Value, 12);
        Assert.Equal(0.4, pairs[0].Kappa.Kappa!.Value, 12);
        // A–C: (b,b) (a,b) (b,a): ⅓; p_e = 5/9; κ = −0.5.
        Assert.Equal(-0.5, pairs[1].Kappa.Kappa!.Value, 12);
        // B–C: (b,b) (b,b): they agree, but on one value only, so κ is undefined.
        Assert.Equal(1.0, pairs[2].PercentAgreement);
        Assert.Null(pairs[2].Kappa.Kappa);
    }

    [Fact]
    public void ByPairMatchesCohensKappaForEachPair()
    {
        var data = PublishedExamples.HayesKrippendorff2007();
        var pairs = AgreementBreakdown.ByPair(data);

        var p = 0;
        for (var a = 0; a < data.Annotators.Count; a++)
        {
            for (var b = a + 1; b < data.Annotators.Count; b++, p++)
            {
                Assert.Equal(CohensKappa.Compute(data, a, b), pairs[p].Kappa);
            }
        }
        Assert.Equal(10, p);
    }

    [Fact]
    public void ByAnnotatorComparesEachWithTheOthers()
    {
        var byAnnotator = AgreementBreakdown.ByAnnotator(Small());

        // A: pairs with others per item 1/1, 2/2, 0/2, 0/1 → 3/6. B: 1/1, 2/2, 1/2 → 4/5. C: 2/2, 1/2, 0/1 → 3/5.
        Assert.Equal([0.5, 0.8, 0.6], byAnnotator.Select(a => a.AgreementWithOthers!.Value));
        Assert.Equal([4, 3, 3], byAnnotator.Select(a => a.Items));
        // Mean of defined κ: A (0.4 − 0.5)/2; B only with A; C only with A.
        Assert.Equal(-0.05, byAnnotator[0].MeanPairwiseKappa!.Value, 12);
        Assert.Equal(0.4, byAnnotator[1].MeanPairwiseKappa!.Value, 12);
        Assert.Equal(-0.5, byAnnotator[2].MeanPairwiseKappa!.Value, 12);
    }

    [Fact]
    public void AlphaWithoutAnAnnotatorIsAlphaOfTheOthers()
    {
        var byAnnotator = AgreementBreakdown.ByAnnotator(Small());

        // Without B: A and C on u2 (b,b), u3 (a,b), u4 (b,a): n = 6, o_bb = 2; α = 1 − 5·4/(36 − 20) = −0.25.
        Assert.Equal(-0.25, byAnnotator[1].AlphaWithout.Alpha!.Value, 12);
        var withoutB = Reliability.ByCoder(Reliability.Row("a b a b"), Reliability.Row(". b b a"));
        Assert.Equal(KrippendorffAlpha.Nominal(withoutB).Alpha!.Value, byAnnotator[1].AlphaWithout.Alpha!.Value, 12);
        // Without A only b's remain on pairable items: undefined.
        Assert.Null(byAnnotator[0].AlphaWithout.Alpha);
    }

    [Fact]
    public void VersusReferenceGivesAccuracyKappaAndConfusion()
    {
        var reference = new Dictionary<string, string> { ["u1"] = "a", ["u2"] = "b", ["u3"] = "b", ["u4"] = "c", ["u9"] = "a" };

        var result = AgreementBreakdown.VersusReference(Small(), reference);

        // A: (a,a) (b,b) (a,b) (b,c): 2 of 4; p_e = (2·1 + 2·2)/16 = 0.375; κ = 0.125/0.625 = 0.2.
        var a = result[0];
        Assert.Equal((4, 2, 0.5), (a.Items, a.Correct, a.Accuracy!.Value));
        Assert.Equal(0.2, a.Kappa.Kappa!.Value, 12);
        Assert.Equal(["a", "b", "c"], a.Confusion.Labels);
        Assert.Equal([[1, 1, 0], [0, 1, 1], [0, 0, 0]], a.Confusion.Rows().Select(r => r.ToArray()));
        // B agrees on all three of its items; c is not on its axes.
        var b = result[1];
        Assert.Equal((3, 3, 1.0, 1.0), (b.Items, b.Correct, b.Accuracy!.Value, b.Kappa.Kappa!.Value));
        Assert.Equal(["a", "b"], b.Confusion.Labels);
    }

    [Fact]
    public void VersusReferenceWithoutOverlapHasNoAccuracy()
    {
        var result = AgreementBreakdown.VersusReference(Small(), new Dictionary<string, string> { ["elsewhere"] = "a" });

        Assert.All(result, r => Assert.Null(r.Accuracy));
        Assert.All(result, r => Assert.Null(r.Kappa.Kappa));
        Assert.All(result, r => Assert.Equal(0, r.Confusion.Total));
    }
}
