using Annotate.Core.Agreement;
using Annotate.Core.Labeling;

namespace Annotate.Core.Tests.Agreement;

/// <summary>α over label sets and span sets through a distance (the general pairwise form).</summary>
public class MultiValueAlphaTests
{
    private static LabelSet Set(params string[] labels) => new(labels);

    [Fact]
    public void MasiAlphaOnSingleLabelsEqualsNominalAlpha()
    {
        // With one label per answer, MASI is 0 or 1 like the nominal difference.
        var labels = Reliability.ByCoder(Reliability.Row("a a b c ."), Reliability.Row("a b b c c"), Reliability.Row("b a b . c"));
        var sets = new ReliabilityDataBuilder<LabelSet>();
        for (var u = 0; u < labels.Items.Count; u++)
        {
            var annotators = labels.AnnotatorsOf(u);
            var codes = labels.ValueCodesOf(u);
            for (var r = 0; r < annotators.Length; r++)
            {
                sets.Add(labels.Items[u], labels.Annotators[annotators[r]], Set(labels.Values[codes[r]]));
            }
        }

        var masi = KrippendorffAlpha.WithDifference(sets.Build(), SetDistance.Masi);

        Assert.Equal(KrippendorffAlpha.Nominal(labels).Alpha!.Value, masi.Alpha!.Value, 12);
    }

    [Fact]
    public void MasiGivesPartialCreditThatNominalDoesNot()
    {
        var data = new ReliabilityDataBuilder<LabelSet>()
            .Add("u1", "A", Set("x", "y")).Add("u1", "B", Set("x"))
            .Add("u2", "A", Set("z")).Add("u2", "B", Set("z"))
            .Add("u3", "A", Set("x")).Add("u3", "B", Set("x", "y"))
            .Build();

        var masi = KrippendorffAlpha.WithDifference(data, SetDistance.Masi).Alpha!.Value;
        var nominal = KrippendorffAlpha.Nominal(data).Alpha!.Value;

        // Hand-worked: values {x,y},{x},{z},{z},{x},{x,y}; δ({x},{x,y}) = 1 − ½·⅔ = ⅔, δ(·,{z}) = 1.
        // Observed: 2 items × 2 orders × ⅔ = 8/3. Expected over the 6 values (n_{x,y} = 2, n_{x} = 2, n_{z} = 2):
        // 2·(2·2·⅔ + 2·2·1 + 2·2·1) = 64/3. α = 1 − 5 · (8/3) / (64/3) = 0.375.
        Assert.Equal(0.375, masi, 12);
        Assert.True(masi > nominal);
    }

    [Fact]
    public void JaccardAlphaOnLabelSets()
    {
        var data = new ReliabilityDataBuilder<LabelSet>()
            .Add("u1", "A", Set("x", "y")).Add("u1", "B", Set("x"))
            .Add("u2", "A", Set("z")).Add("u2", "B", Set("z"))
            .Add("u3", "A", Set()).Add("u3", "B", Set())
            .Build();

        // δ({x,y},{x}) = ½; others 1. Observed: 2·½ = 1. Expected, values {x,y},{x},{z},{z},{},{} with counts 1,1,2,2:
        // ordered pairs of distinct values: 2·(1·1·½ + 1·2 + 1·2 + 1·2 + 1·2 + 2·2) = 25. α = 1 − 5·1/25 = 0.8.
        Assert.Equal(0.8, KrippendorffAlpha.WithDifference(data, SetDistance.Jaccard).Alpha!.Value, 12);
    }

    [Fact]
    public void SpanAlphaRewardsOverlappingBoundaries()
    {
        static SpanSet Spans(params (int Start, int End, string Label)[] spans) =>
            new(spans.Select(s => new SpanAnswer(s.Start, s.End, s.Label)));

        var data = new ReliabilityDataBuilder<SpanSet>()
            .Add("u1", "A", Spans((0, 8, "LOC"))).Add("u1", "B", Spans((0, 13, "LOC")))
            .Add("u2", "A", Spans((4, 9, "PER"))).Add("u2", "B", Spans((4, 9, "PER")))
            .Add("u3", "A", Spans()).Add("u3", "B", Spans())
            .Build();

        var overlap = KrippendorffAlpha.WithDifference(data, SpanDistance.CharacterOverlap).Alpha!.Value;
        var exact = KrippendorffAlpha.WithDifference(data, SpanDistance.ExactMatch).Alpha!.Value;

        Assert.True(overlap > exact, $"overlap {overlap} should beat exact {exact}");
        Assert.Equal(KrippendorffAlpha.Nominal(data).Alpha!.Value, exact, 12);
    }
}
