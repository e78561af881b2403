using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.WeakSupervision;

public class MatrixCompletionModelTests
{
    [Fact]
    public void RecoversLfAccuraciesFromOverlapsAlone()
    {
        var votes = SyntheticVotes.Generate(100_000, [0.5, 0.5], SyntheticVotes.Spread(10, 0.6, 0.9), SyntheticVotes.Spread(10, 0.1, 0.5), seed: 1);

        var model = MatrixCompletionModel.Fit(votes.Matrix);

        for (var j = 0; j < votes.Accuracies.Length; j++)
        {
            Assert.True(Math.Abs(model.LfAccuracies[j] - votes.Accuracies[j]) <= 0.02, $"LF {j}: learned {model.LfAccuracies[j]:F3}, true {votes.Accuracies[j]:F3}");
        }
        // μ is P(vote | class): coverage × accuracy on the diagonal.
        Assert.Equal(votes.Coverages[9] * votes.Accuracies[9], model.ConditionalProbability(9, 1, 1), 0.01);
        Assert.Equal(votes.Coverages[9] * (1 - votes.Accuracies[9]), model.ConditionalProbability(9, 1, 0), 0.01);
    }

    [Fact]
    public void ThreeClassesConvergeWithMoreEpochs()
    {
        var votes = SyntheticVotes.Generate(100_000, [1 / 3.0, 1 / 3.0, 1 / 3.0], SyntheticVotes.Spread(8, 0.5, 0.9), SyntheticVotes.Spread(8, 0.2, 0.5), seed: 2);

        var model = MatrixCompletionModel.Fit(votes.Matrix, new MatrixCompletionOptions(Epochs: 500));
        var predictions = model.Predict(votes.Matrix);

        for (var j = 0; j < votes.Accuracies.Length; j++)
        {
            Assert.True(Math.Abs(model.LfAccuracies[j] - votes.Accuracies[j]) <= 0.02, $"LF {j}: learned {model.LfAccuracies[j]:F3}, true {votes.Accuracies[j]:F3}");
        }
        var agree = Enumerable.Range(0, votes.Matrix.ItemCount).Count(i =>
        {
            var bayes = votes.BayesPosterior(i);
            return predictions.Labels[i] == Array.IndexOf(bayes, bayes.Max());
        });
        Assert.True(agree >= 0.99 * votes.Matrix.ItemCount, $"agrees with the Bayes-optimal vote on {agree} items");
    }

    [Fact]
    public void PredictsSnorkelsDocumentedExample()
    {
        // snorkel/labeling/model/label_model.py, LabelModel.predict docstring: L → array([0, 1, 0]).
        var matrix = LabelMatrix.FromRows([[0, 0, -1], [1, 1, -1], [0, 0, -1]], 3, 2);

        var predictions = MatrixCompletionModel.Fit(matrix).Predict(matrix);

        Assert.Equal([0, 1, 0], predictions.Labels.ToArray());
    }

    [Fact]
    public void TheSameSeedGivesTheSameModel()
    {
        var votes = SyntheticVotes.Generate(5_000, [0.3, 0.7], [0.8, 0.7, 0.9, 0.6], [0.3, 0.4, 0.2, 0.5], seed: 4);

        var first = MatrixCompletionModel.Fit(votes.Matrix, MatrixCompletionOptions.Default with { Seed = 17 }).Predict(votes.Matrix);
        var second = MatrixCompletionModel.Fit(votes.Matrix, MatrixCompletionOptions.Default with { Seed = 17 }).Predict(votes.Matrix);
        var other = MatrixCompletionModel.Fit(votes.Matrix, MatrixCompletionOptions.Default with { Seed = 18, Epochs = 5 }).Predict(votes.Matrix);

        Assert.True(first.Probabilities.SequenceEqual(second.Probabilities));
        Assert.False(first.Probabilities.SequenceEqual(other.Probabilities));
    }

    [Fact]
    public void TheClassBalanceIsThePriorOfUncoveredItems()
    {
        var votes = SyntheticVotes.Generate(5_000, [0.3, 0.7], [0.8, 0.7, 0.9], [0.3, 0.3, 0.3], seed: 4);
        var model = MatrixCompletionModel.Fit(votes.Matrix, new MatrixCompletionOptions(ClassBalance: [3, 7]));
        var uncovered = Enumerable.Range(0, votes.Matrix.ItemCount).First(i => !votes.Matrix.HasVotes(i));

        var prediction = model.Predict(votes.Matrix)[uncovered];

        Assert.Equal([0.3, 0.7], prediction.Probabilities.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(1, prediction.Label);
    }

    [Fact]
    public void NeedsThreeLfs()
    {
        var matrix = LabelMatrix.FromRows([[0, 1]], 2, 2);
        var error = Assert.Throws<ArgumentException>(() => MatrixCompletionModel.Fit(matrix));
        Assert.Contains("at least 3 LFs", error.Message);
    }

    [Fact]
    public void ADivergingDescentIsReported()
    {
        var votes = SyntheticVotes.Generate(2_000, [0.5, 0.5], [0.8, 0.7, 0.9], [0.5, 0.5, 0.5], seed: 4);
        var error = Assert.Throws<InvalidOperationException>(() =>
            MatrixCompletionModel.Fit(votes.Matrix, new MatrixCompletionOptions(LearningRate: 1e6)));
        Assert.Contains("lower the learning rate", error.Message);
    }
}
