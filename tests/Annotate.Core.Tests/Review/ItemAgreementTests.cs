using Annotate.Core.Labeling;
using Annotate.Core.Review;
using static Annotate.Core.Tests.Review.ReviewSchemas;

namespace Annotate.Core.Tests.Review;

public class ItemAgreementTests
{
    [Fact]
    public void ThreeDifferentLabelsAreADisagreement()
    {
        var result = ItemAgreement.Evaluate(All, [Single("pos"), Single("neg"), Single("neu")], 0.8);
        Assert.Equal(ReviewReason.Disagreement, result.Reason);
        var sentiment = Assert.Single(result.Questions, q => q.Routes);
        Assert.Equal(("sentiment", 3, 0.0), (sentiment.QuestionKey, sentiment.Answers, sentiment.Agreement));
        Assert.Equal("'sentiment': the 3 answers differ", result.Describe());
    }

    [Fact]
    public void OneDissentingLabelOfThreeIsStillADisagreementWhateverTheThreshold()
    {
        var result = ItemAgreement.Evaluate(All, [Single("pos"), Single("pos"), Single("neg")], 0);
        Assert.Equal(ReviewReason.Disagreement, result.Reason);
        Assert.Equal(1.0 / 3, result.Questions.Single(q => q.QuestionKey == "sentiment").Agreement, 12);
    }

    [Fact]
    public void TheSameAnswersStandWithoutReview()
    {
        var answer = Of(("sentiment", new(Label: "pos")), ("topics", Labels("price")), ("quality", Rating(4)));
        var result = ItemAgreement.Evaluate(All, [answer, answer with { }], 1);
        Assert.Null(result.Reason);
        Assert.Null(result.Describe());
        Assert.All(result.Questions, q => Assert.Equal(1, q.Agreement));
    }

    [Fact]
    public void GradedQuestionsRouteOnlyBelowTheThreshold()
    {
        // Ratings 4, 4, 5 on 1–5: pair distances 0, .25, .25, agreement 1 − .5/3.
        Answer[] ratings = [Of(("sentiment", new(Label: "pos")), ("quality", Rating(4))), Of(("sentiment", new(Label: "pos")), ("quality", Rating(4))), Of(("sentiment", new(Label: "pos")), ("quality", Rating(5)))];
        Assert.Null(ItemAgreement.Evaluate(All, ratings, 0.8).Reason);
        var strict = ItemAgreement.Evaluate(All, ratings, 0.9);
        Assert.Equal(ReviewReason.LowAgreement, strict.Reason);
        Assert.Equal("'quality': agreement 0.83 over 3 answers", strict.Describe());

        Answer[] topics = [Of(("sentiment", new(Label: "pos")), ("topics", Labels("price", "battery"))), Of(("sentiment", new(Label: "pos")), ("topics", Labels("price")))];
        Assert.Equal(ReviewReason.LowAgreement, ItemAgreement.Evaluate(All, topics, 0.8).Reason);
        Assert.Null(ItemAgreement.Evaluate(All, topics, 0.5).Reason);

        Answer[] spans = [Of(("sentiment", new(Label: "pos")), ("entities", Spans((0, 10, "PER")))), Of(("sentiment", new(Label: "pos")), ("entities", Spans((0, 9, "PER"))))];
        var offByOne = ItemAgreement.Evaluate(All, spans, 0.8);
        Assert.Null(offByOne.Reason);
        Assert.Equal(18.0 / 19, offByOne.Questions.Single(q => q.QuestionKey == "entities").Agreement, 12);
    }

    [Fact]
    public void ADiscreteDisagreementNamesItselfBeforeALowAgreement()
    {
        Answer[] answers = [Of(("sentiment", new(Label: "pos")), ("quality", Rating(1))), Of(("sentiment", new(Label: "neg")), ("quality", Rating(5)))];
        var result = ItemAgreement.Evaluate(All, answers, 0.8);
        Assert.Equal(ReviewReason.Disagreement, result.Reason);
        Assert.Equal(["sentiment", "quality"], result.Questions.Where(q => q.Routes).Select(q => q.QuestionKey));
    }

    [Fact]
    public void OneAnswerHasNothingToAgreeWith()
    {
        Assert.Null(ItemAgreement.Evaluate(All, [Single("pos")], 1).Reason);
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemAgreement.Evaluate(All, [Single("pos")], 1.5));
    }
}
