using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.WeakSupervision;

public class PredictionScoresTests
{
    [Fact]
    public void ScoresLikeScikitLearn()
    {
        // Majority vote with ties abstaining: labels 0, 1, −1 (tie), 2, −1 (uncovered), 1.
        var matrix = LabelMatrix.FromRows([[0, 0], [1, -1], [0, 1], [2, 2], [-1, -1], [1, 1]], 2, 3);
        var predictions = MajorityVoteModel.Fit(matrix, new MajorityVoteOptions(TieBreak.Abstain)).Predict(matrix);
        Assert.Equal([0, 1, -1, 2, -1, 1], predictions.Labels.ToArray());

        // Item 5's true label is unknown; items 0 and 3 are right, 1, 2 (tie) and 4 (uncovered) wrong.
        var scores = PredictionScores.Compute(predictions, [0, 0, 1, 2, 2, -1]);

        Assert.Equal(5, scores.Labeled);
        Assert.Equal(2 / 5.0, scores.Accuracy);
        Assert.Equal(4, scores.CoveredLabeled);
        Assert.Equal(2 / 4.0, scores.AccuracyCovered);
        // Per class (TP, predicted, actual): 0 → (1, 1, 2), 1 → (0, 1, 1), 2 → (1, 1, 2); F1 = 2TP / (predicted + actual).
        Assert.Equal((2 / 3.0 + 0 + 2 / 3.0) / 3, scores.MacroF1!.Value, 12);
        Assert.Null(scores.F1);
    }

    [Fact]
    public void BinaryF1HasClassOneAsThePositiveClass()
    {
        var matrix = LabelMatrix.FromRows([[1], [1], [0], [0]], 1, 2);
        var predictions = MajorityVoteModel.Fit(matrix).Predict(matrix);

        var scores = PredictionScores.Compute(predictions, [1, 0, 1, 0]);

        // TP 1, predicted 2, actual 2.
        Assert.Equal(0.5, scores.F1);
        Assert.Equal(0.5, scores.Accuracy);
    }

    [Fact]
    public void NoKnownLabelGivesNoScores()
    {
        var matrix = LabelMatrix.FromRows([[1], [0]], 1, 2);
        var scores = PredictionScores.Compute(MajorityVoteModel.Fit(matrix).Predict(matrix), [-1, -1]);

        Assert.Equal(0, scores.Labeled);
        Assert.Null(scores.Accuracy);
        Assert.Null(scores.MacroF1);
    }
}
