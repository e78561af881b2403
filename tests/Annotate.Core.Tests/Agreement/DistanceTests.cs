using Annotate.Core.Agreement;
using Annotate.Core.Labeling;

namespace Annotate.Core.Tests.Agreement;

public class DistanceTests
{
    private static LabelSet Set(params string[] labels) => new(labels);

    private static SpanSet Spans(params (int Start, int End, string Label)[] spans) =>
        new(spans.Select(s => new SpanAnswer(s.Start, s.End, s.Label)));

    [Fact]
    public void MasiMatchesNltksDocumentedExampleUpToItsRounding()
    {
        // NLTK: masi_distance({1, 2}, {1, 2, 3, 4}) = 0.665, with M rounded to 0.67; Passonneau's M = 2/3 gives 0.667.
        var distance = SetDistance.Masi(Set("1", "2"), Set("1", "2", "3", "4"));

        Assert.Equal(0.667, distance, 3);
        Assert.True(Math.Abs(distance - 0.665) < 0.002, $"{distance} is not within NLTK's rounding of 0.665");
    }

    [Theory]
    [InlineData("a b", "a b", 0.0)]
    [InlineData("a b", "b c", 1 - 1.0 / 3 * 1.0 / 3)]
    [InlineData("a", "b", 1.0)]
    [InlineData("a", "a b c", 1 - 1.0 / 3 * 2.0 / 3)]
    [InlineData("", "", 0.0)]
    [InlineData("", "a", 1.0)]
    public void MasiScalesJaccardByHowTheSetsRelate(string a, string b, double expected) =>
        Assert.Equal(expected, SetDistance.Masi(Set(Split(a)), Set(Split(b))), 12);

    [Theory]
    [InlineData("a b", "a b", 0.0)]
    [InlineData("a b", "b c", 2.0 / 3)]
    [InlineData("a", "a b", 0.5)]
    [InlineData("", "", 0.0)]
    [InlineData("", "a", 1.0)]
    public void JaccardIsOneMinusSharedOverUnion(string a, string b, double expected) =>
        Assert.Equal(expected, SetDistance.Jaccard(Set(Split(a)), Set(Split(b))), 12);

    [Fact]
    public void LabelSetsIgnoreOrderAndRepeats()
    {
        Assert.Equal(Set("b", "a", "b"), Set("a", "b"));
        Assert.Equal(Set("b", "a").GetHashCode(), Set("a", "b").GetHashCode());
        Assert.NotEqual(Set("a"), Set("a", "b"));
        Assert.Equal("{a, b}", Set("b", "a").ToString());
    }

    [Fact]
    public void ExactSpanMatchNeedsStartEndAndLabel()
    {
        var a = Spans((0, 5, "PER"), (10, 15, "ORG"));

        Assert.Equal(0.0, SpanDistance.ExactMatch(a, Spans((10, 15, "ORG"), (0, 5, "PER"))));
        // One of two spans matches on each side: F1 = 2·1/(2 + 2) = ½.
        Assert.Equal(0.5, SpanDistance.ExactMatch(a, Spans((0, 5, "PER"), (10, 16, "ORG"))), 12);
        Assert.Equal(1.0, SpanDistance.ExactMatch(a, Spans((0, 5, "LOC"))), 12);
    }

    [Fact]
    public void CharacterOverlapGivesPartialCreditForBoundaries()
    {
        // "New York" (0–8) against "New York City" (0–13): 8 shared characters, F1 = 16/21.
        Assert.Equal(1 - 16.0 / 21, SpanDistance.CharacterOverlap(Spans((0, 8, "LOC")), Spans((0, 13, "LOC"))), 12);
        // The same characters with another label share nothing.
        Assert.Equal(1.0, SpanDistance.CharacterOverlap(Spans((0, 8, "LOC")), Spans((0, 8, "ORG"))), 12);
    }

    [Fact]
    public void CharacterOverlapCountsOverlappingSpansOfOneLabelOnce()
    {
        // 0–6 and 4–10 of one label cover 0–10 once: against 0–10 that is identical.
        Assert.Equal(0.0, SpanDistance.CharacterOverlap(Spans((0, 6, "X"), (4, 10, "X")), Spans((0, 10, "X"))), 12);
    }

    [Fact]
    public void EmptySpanAnswersAgreeWithEachOtherOnly()
    {
        Assert.Equal(0.0, SpanDistance.CharacterOverlap(Spans(), Spans()));
        Assert.Equal(1.0, SpanDistance.CharacterOverlap(Spans(), Spans((0, 1, "X"))));
        Assert.Equal(0.0, SpanDistance.ExactMatch(Spans(), Spans()));
    }

    [Fact]
    public void SpanSetsRefuseEmptyOrBackwardSpans() =>
        Assert.Throws<ArgumentException>(() => Spans((5, 5, "X")));

    private static string[] Split(string labels) => labels.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
