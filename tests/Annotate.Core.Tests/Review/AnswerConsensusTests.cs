using Annotate.Core.Labeling;
using Annotate.Core.Review;
using static Annotate.Core.Tests.Review.ReviewSchemas;

namespace Annotate.Core.Tests.Review;

public class AnswerConsensusTests
{
    private static string Json(Answer? answer) => answer is null ? "null" : LabelingJson.Serialize(answer);

    [Fact]
    public void AMajorityLabelIsTheConsensusAndAThreeWaySplitHasNone()
    {
        Assert.Equal(Json(Single("pos")), Json(AnswerConsensus.Of(All, [Single("pos"), Single("neg"), Single("pos")])));
        Assert.Null(AnswerConsensus.Of(All, [Single("pos"), Single("neg"), Single("neu")]));
        Assert.Null(AnswerConsensus.Of(All, [Single("pos"), Single("neg")]));
    }

    [Fact]
    public void ASingleAnswerIsItsOwnConsensus()
    {
        var only = Of(("sentiment", new(Label: "neg")), ("summary", new(Text: "meh")));
        Assert.Same(only, AnswerConsensus.Of(All, [only]));
        Assert.Throws<ArgumentException>(() => AnswerConsensus.Of(All, []));
    }

    [Fact]
    public void LabelSetsKeepTheLabelsMostChoseInSchemaOrder()
    {
        Answer[] answers =
        [
            Of(("sentiment", new(Label: "pos")), ("topics", Labels("screen", "price"))),
            Of(("sentiment", new(Label: "pos")), ("topics", Labels("price"))),
            Of(("sentiment", new(Label: "pos")), ("topics", Labels("price", "screen", "battery"))),
        ];
        var consensus = AnswerConsensus.Of(All, answers)!;
        Assert.Equal(["price", "screen"], consensus.Questions["topics"].Labels);
    }

    [Fact]
    public void SpansTakeTheAnswerClosestToTheOthersAndRatingsTheMedian()
    {
        Answer[] answers =
        [
            Of(("sentiment", new(Label: "pos")), ("entities", Spans((0, 10, "PER"))), ("quality", Rating(5))),
            Of(("sentiment", new(Label: "pos")), ("entities", Spans((0, 9, "PER"))), ("quality", Rating(2))),
            Of(("sentiment", new(Label: "pos")), ("entities", Spans((0, 10, "PER"), (20, 25, "ORG"))), ("quality", Rating(4))),
        ];
        var consensus = AnswerConsensus.Of(All, answers)!;
        Assert.Equal([new SpanAnswer(0, 10, "PER")], consensus.Questions["entities"].Spans);
        Assert.Equal(4, consensus.Questions["quality"].Rating);
        // Two ratings: the lower middle value.
        Assert.Equal(2, AnswerConsensus.Of(All, [answers[0], answers[1]]) is { } two ? two.Questions["quality"].Rating : null);
    }

    [Fact]
    public void AQuestionMostLeftUnansweredIsLeftOut()
    {
        Answer[] answers = [Of(("sentiment", new(Label: "pos")), ("summary", new(Text: "ok"))), Single("pos"), Single("pos")];
        var consensus = AnswerConsensus.Of(All, answers)!;
        Assert.Equal(["sentiment"], consensus.Questions.Keys);
    }
}
