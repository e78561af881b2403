using Annotate.Core.Agreement;
using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.Agreement;

public class LabelAggregationTests
{
    private static readonly string[] Classes = ["pos", "neg", "neutral"];

    /// <summary>Five annotators of known accuracy (0.95 down to 0.45) label 70 % of 3,000 items each; skewed prior.</summary>
    private static SyntheticCrowd FiveOfKnownAccuracy() => SyntheticCrowd.Generate(
        3000, Classes, [0.5, 0.3, 0.2],
        [.. new[] { 0.95, 0.85, 0.75, 0.6, 0.45 }.Select(a => SyntheticCrowd.Symmetric(3, a))],
        [0.7, 0.7, 0.7, 0.7, 0.7], seed: 7);

    private static double AccuracyOnTruth(AggregatedLabels<string> result, Dictionary<string, string> truth) =>
        result.Items.Count(i => i is not null && truth[i.Item] == i.Label) / (double)result.Items.Count(i => i is not null);

    [Fact]
    public void DawidSkeneRecoversEachAnnotatorsAccuracyWithin003()
    {
        var crowd = FiveOfKnownAccuracy();

        var result = LabelAggregation.Aggregate(crowd.Data, AggregationMethod.DawidSkene);

        Assert.True(result.Converged, $"EM ran {result.Iterations} iterations without settling");
        double[] expected = [0.95, 0.85, 0.75, 0.6, 0.45];
        for (var a = 0; a < expected.Length; a++)
        {
            var estimate = result.Annotators.Single(e => e.Annotator == $"ann{a}");
            // The sample's own accuracy, not the parameter: 2,100 labels leave ±0.01 of sampling noise.
            var sample = crowd.Data.IndexOfAnnotator(estimate.Annotator) is var index
                ? Enumerable.Range(0, crowd.Data.Items.Count).Where(u => crowd.Data.ValueCodeOf(u, index) >= 0)
                    .Average(u => crowd.Data.Values[crowd.Data.ValueCodeOf(u, index)] == crowd.Truth[crowd.Data.Items[u]] ? 1.0 : 0.0)
                : 0;
            Assert.True(Math.Abs(estimate.Accuracy!.Value - expected[a]) <= 0.03, $"{estimate.Annotator}: estimated {estimate.Accuracy:F4}, true {expected[a]}");
            Assert.True(Math.Abs(estimate.Accuracy!.Value - sample) <= 0.02, $"{estimate.Annotator}: estimated {estimate.Accuracy:F4}, sample {sample:F4}");
            Assert.Equal(estimate.Items, (int)Math.Round(estimate.Confusion.Total));
        }
    }

    /// <summary>
    /// Why people get confusion matrices: three annotators (0.92, 0.8, 0.55) on 300 items with a skewed prior, over
    /// 20 seeds. One accuracy per annotator spreads wrong labels by the prior, which real mistakes do not follow.
    /// </summary>
    [Fact]
    public void TheAnnotatorSettingsEstimateASmallCrowdWithASkewedPriorBetterThanOneAccuracyEach()
    {
        double Error(DawidSkeneOptions options)
        {
            double sum = 0;
            var count = 0;
            for (var seed = 0; seed < 20; seed++)
            {
                var crowd = SyntheticCrowd.Generate(300, Classes, [0.6, 0.3, 0.1],
                    [.. new[] { 0.92, 0.8, 0.55 }.Select(a => SyntheticCrowd.Symmetric(3, a))], [1, 1, 1], seed);
                foreach (var estimate in LabelAggregation.Aggregate(crowd.Data, AggregationMethod.DawidSkene, options).Annotators)
                {
                    var index = crowd.Data.IndexOfAnnotator(estimate.Annotator);
                    var sample = Enumerable.Range(0, crowd.Data.Items.Count)
                        .Average(u => crowd.Data.Values[crowd.Data.ValueCodeOf(u, index)] == crowd.Truth[crowd.Data.Items[u]] ? 1.0 : 0.0);
                    sum += Math.Abs(estimate.Accuracy!.Value - sample);
                    count++;
                }
            }
            return sum / count;
        }

        var annotatorSettings = Error(LabelAggregation.AnnotatorOptions);
        var oneAccuracy = Error(LabelAggregation.AnnotatorOptions with { Parameterization = DawidSkeneParameterization.SymmetricAccuracy });

        Assert.True(annotatorSettings <= 0.035, $"mean error {annotatorSettings:F4}");
        Assert.True(annotatorSettings < oneAccuracy - 0.01, $"confusion matrices {annotatorSettings:F4}, one accuracy {oneAccuracy:F4}");
    }

    [Fact]
    public void DawidSkeneLabelsMoreItemsRightThanMajorityVoteWhenAnnotatorsDifferInSkill()
    {
        var crowd = FiveOfKnownAccuracy();

        var dawidSkene = AccuracyOnTruth(LabelAggregation.Aggregate(crowd.Data, AggregationMethod.DawidSkene), crowd.Truth);
        var majority = AccuracyOnTruth(LabelAggregation.Aggregate(crowd.Data, AggregationMethod.MajorityVote), crowd.Truth);

        Assert.True(dawidSkene > majority + 0.01, $"Dawid–Skene {dawidSkene:F4}, majority {majority:F4}");
    }

    [Fact]
    public void DawidSkeneFindsAnAnnotatorWhoCallsNeutralNegative()
    {
        // ann3 is good on pos and neg but labels 80 % of neutral items neg.
        double[][] confuser = [[0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.05, 0.8, 0.15]];
        var crowd = SyntheticCrowd.Generate(3000, Classes, [0.4, 0.3, 0.3],
            [SyntheticCrowd.Symmetric(3, 0.85), SyntheticCrowd.Symmetric(3, 0.85), SyntheticCrowd.Symmetric(3, 0.8), confuser],
            [1, 1, 1, 1], seed: 11);

        var result = LabelAggregation.Aggregate(crowd.Data, AggregationMethod.DawidSkene);

        var confusion = result.Annotators.Single(e => e.Annotator == "ann3").Confusion;
        int neutral = Index(confusion.Classes, "neutral"), neg = Index(confusion.Classes, "neg"), pos = Index(confusion.Classes, "pos");
        Assert.Equal(0.8, confusion.Probability(neutral, neg)!.Value, 0.05);
        Assert.Equal(0.15, confusion.Probability(neutral, neutral)!.Value, 0.05);
        Assert.Equal(0.9, confusion.Probability(pos, pos)!.Value, 0.05);
        // The rows are distributions over the labels given.
        for (var y = 0; y < 3; y++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, 3).Sum(l => confusion.Probability(y, l)!.Value), 9);
        }
    }

    [Fact]
    public void MajorityVoteGivesVoteSharesAndAgreementWithTheMajority()
    {
        // Items u1–u4; A: a a b a / B: a b b . / C: a b a b. Majorities: a (3/3), b (2/3), b (2/3), tie a–b on u4.
        var data = Reliability.ByCoder(Reliability.Row("a a b a"), Reliability.Row("a b b ."), Reliability.Row("a b a b"));

        var result = LabelAggregation.Aggregate(data, AggregationMethod.MajorityVote);

        Assert.Equal(["a", "b"], result.Classes);
        Assert.Equal(("a", 1.0, 3), (result.Items[0]!.Label, result.Items[0]!.Confidence, result.Items[0]!.Labels));
        Assert.Equal(("b", 2 / 3.0), (result.Items[1]!.Label, result.Items[1]!.Confidence), new ToleranceComparer());
        Assert.Equal("b", result.Items[2]!.Label);
        // The tie on u4 goes to the class more items were decided for without a tie: b (two items) over a (one).
        Assert.Equal(("b", 0.5, 2), (result.Items[3]!.Label, result.Items[3]!.Confidence, result.Items[3]!.Labels));
        // A agrees with the majority on u1 and u3: 2 of 4; B on all 3; C on u1, u2, u4: 3 of 4.
        Assert.Equal([0.5, 1.0, 0.75], result.Annotators.Select(e => e.Accuracy!.Value));
        Assert.Equal([4, 3, 4], result.Annotators.Select(e => e.Items));
        // A's confusion against the majority: it said a on u2 (majority b) and on u4 (majority b).
        var a = result.Annotators[0].Confusion;
        Assert.Equal((1.0, 0.0, 2.0, 1.0), (a[0, 0], a[0, 1], a[1, 0], a[1, 1]));
        Assert.Equal((0, true), (result.Iterations, result.Converged));
    }

    [Fact]
    public void AnItemNobodyLabeledHasNoLabelAndCountsForNoOne()
    {
        var data = Reliability.ByCoder(Reliability.Row("a . b"), Reliability.Row("a . b"));

        foreach (var method in Enum.GetValues<AggregationMethod>())
        {
            var result = LabelAggregation.Aggregate(data, method);

            Assert.Null(result.Items[1]);
            Assert.Equal(["a", "b"], result.Items.Where(i => i is not null).Select(i => i!.Label));
            // Two annotators who always agree: right on everything by majority, nearly so under Dawid–Skene's posteriors.
            Assert.All(result.Annotators, e => Assert.Equal(2, e.Items));
            Assert.All(result.Annotators, e => Assert.InRange(e.Accuracy!.Value, method == AggregationMethod.MajorityVote ? 1.0 : 0.9, 1.0));
            Assert.Single(result.ToReference(), p => p.Key == "u1" && p.Value == "a");
        }
    }

    [Fact]
    public void OneLabelThroughoutNeedsNoModel()
    {
        var data = Reliability.ByCoder(Reliability.Row("x x ."), Reliability.Row(". x x"));

        var result = LabelAggregation.Aggregate(data, AggregationMethod.DawidSkene);

        Assert.Equal(["x"], result.Classes);
        Assert.All(result.Items, i => Assert.Equal(("x", 1.0), (i!.Label, i.Confidence)));
        Assert.All(result.Annotators, e => Assert.Equal((2, 1.0, 2.0), (e.Items, e.Accuracy!.Value, e.Confusion[0, 0])));
    }

    [Fact]
    public void NoValueAtAllGivesNoLabelsAndNoAccuracy()
    {
        var data = new ReliabilityDataBuilder<string>().AddMissing("u1", "A").AddMissing("u1", "B").Build();

        var result = LabelAggregation.Aggregate(data, AggregationMethod.DawidSkene);

        Assert.Empty(result.Classes);
        Assert.Null(Assert.Single(result.Items));
        Assert.All(result.Annotators, e => Assert.Equal((0, (double?)null), (e.Items, e.Accuracy)));
    }

    [Fact]
    public void TheSameDataGivesTheSameResultBitForBit()
    {
        var crowd = FiveOfKnownAccuracy();

        var first = LabelAggregation.Aggregate(crowd.Data, AggregationMethod.DawidSkene);
        var second = LabelAggregation.Aggregate(crowd.Data, AggregationMethod.DawidSkene);

        Assert.Equal(first.Items, second.Items);
        Assert.Equal(first.Annotators.Select(e => e.Accuracy), second.Annotators.Select(e => e.Accuracy));
    }

    [Fact]
    public void DawidSkeneSettingsCanBeGiven()
    {
        var crowd = FiveOfKnownAccuracy();

        var result = LabelAggregation.Aggregate(crowd.Data, AggregationMethod.DawidSkene, new DawidSkeneOptions(MaxIterations: 1));

        Assert.Equal((1, false), (result.Iterations, result.Converged));
    }

    [Fact]
    public void RejectsAnUnknownMethod()
    {
        var data = Reliability.ByCoder(Reliability.Row("a b"), Reliability.Row("a a"));

        Assert.Throws<ArgumentOutOfRangeException>(() => LabelAggregation.Aggregate(data, (AggregationMethod)7));
        Assert.Throws<ArgumentNullException>(() => LabelAggregation.Aggregate<string>(null!, AggregationMethod.MajorityVote));
    }

    private static int Index(IReadOnlyList<string> classes, string label) => classes.ToList().IndexOf(label);

    private sealed class ToleranceComparer : IEqualityComparer<(string, double)>
    {
        public bool Equals((string, double) x, (string, double) y) => x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 1e-12;

        public int GetHashCode((string, double) obj) => obj.Item1.GetHashCode(StringComparison.Ordinal);
    }
}
