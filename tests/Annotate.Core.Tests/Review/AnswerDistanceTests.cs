using Annotate.Core.Labeling;
using Annotate.Core.Review;
using static Annotate.Core.Tests.Review.ReviewSchemas;

namespace Annotate.Core.Tests.Review;

public class AnswerDistanceTests
{
    private static QuestionDefinition Q(string key) => All.Find(key)!;

    [Fact]
    public void DiscreteAnswersAreTheSameOrNot()
    {
        Assert.Equal(0, AnswerDistance.Between(Q("sentiment"), new(Label: "pos"), new(Label: "pos")));
        Assert.Equal(1, AnswerDistance.Between(Q("sentiment"), new(Label: "pos"), new(Label: "neg")));
        Assert.Equal(1, AnswerDistance.Between(Q("better"), new(Choice: PairwiseChoice.A), new(Choice: PairwiseChoice.Tie)));
        // The rationale of a pairwise choice is not part of the choice.
        Assert.Equal(0, AnswerDistance.Between(Q("better"), new(Choice: PairwiseChoice.B, Rationale: "clearer"), new(Choice: PairwiseChoice.B)));
        // Texts are compared trimmed, case kept.
        Assert.Equal(0, AnswerDistance.Between(Q("summary"), new(Text: " Good phone\n"), new(Text: "Good phone")));
        Assert.Equal(1, AnswerDistance.Between(Q("summary"), new(Text: "good phone"), new(Text: "Good phone")));
    }

    [Fact]
    public void LabelSetsUseJaccardDistance()
    {
        Assert.Equal(0, AnswerDistance.Between(Q("topics"), Labels("price", "battery"), Labels("battery", "price")));
        Assert.Equal(0.5, AnswerDistance.Between(Q("topics"), Labels("price", "battery"), Labels("price")), 12);
        Assert.Equal(1 - 1.0 / 3, AnswerDistance.Between(Q("topics"), Labels("price", "battery"), Labels("price", "screen")), 12);
        Assert.Equal(1, AnswerDistance.Between(Q("topics"), Labels("price"), Labels("screen")));
    }

    [Fact]
    public void SpansUseCharacterOverlapAndAnEmptyListIsAnAnswer()
    {
        // "Anna" 0–4 against "Anna Smith" 0–10, both PER: 2·4 / (4 + 10) shared.
        Assert.Equal(1 - 8.0 / 14, AnswerDistance.Between(Q("entities"), Spans((0, 4, "PER")), Spans((0, 10, "PER"))), 12);
        // The same characters under another label share nothing.
        Assert.Equal(1, AnswerDistance.Between(Q("entities"), Spans((0, 4, "PER")), Spans((0, 4, "ORG"))));
        // "Nothing to mark" twice agrees; against no answer at all it does not.
        Assert.Equal(0, AnswerDistance.Between(Q("entities"), Spans(), Spans()));
        Assert.Equal(1, AnswerDistance.Between(Q("entities"), Spans(), null));
        Assert.Equal(1, AnswerDistance.Between(Q("entities"), Spans(), Spans((0, 4, "PER"))));
    }

    [Theory]
    [InlineData(4, 5, 0.25)]
    [InlineData(1, 5, 1.0)]
    [InlineData(3, 3, 0.0)]
    public void RatingsAreTheirDifferenceOverTheScale(int a, int b, double expected) =>
        Assert.Equal(expected, AnswerDistance.Between(Q("quality"), Rating(a), Rating(b)), 12);

    [Fact]
    public void TwoMissingAnswersAgreeAndOneMissingIsAsFarAsPossible()
    {
        Assert.Equal(0, AnswerDistance.Between(Q("topics"), null, new QuestionAnswer(Labels: [])));
        Assert.Equal(1, AnswerDistance.Between(Q("quality"), Rating(3), null));
        Assert.Equal(1, AnswerDistance.Between(Q("sentiment"), new(Label: ""), new(Label: "pos")));
    }

    [Fact]
    public void GoldScoreCountsOnlyTheQuestionsTheGoldAnswers()
    {
        var gold = Of(("sentiment", new(Label: "pos")), ("quality", Rating(4)));
        var exact = AnswerDistance.Score(All, Of(("sentiment", new(Label: "pos")), ("quality", Rating(4)), ("topics", Labels("price"))), gold);
        Assert.Equal(new GoldScore(true, 1), exact);
        var near = AnswerDistance.Score(All, Of(("sentiment", new(Label: "pos")), ("quality", Rating(5))), gold);
        Assert.False(near.Correct);
        Assert.Equal(1 - 0.25 / 2, near.Score, 12);
        var wrong = AnswerDistance.Score(All, Of(("sentiment", new(Label: "neg"))), gold);
        Assert.Equal(new GoldScore(false, 0), wrong);
    }
}
