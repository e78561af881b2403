using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.WeakSupervision;

public class DawidSkeneModelTests
{
    /// <summary>100,000 items drawn from the Dawid–Skene model itself, with known accuracies and prior.</summary>
    public static TheoryData<string> SyntheticCases => ["binary, skewed prior, confusion matrices", "five classes, uniform prior, accuracies", "three classes, skewed prior, auto"];

    private static (SyntheticVotes Votes, DawidSkeneOptions Options) Case(string name) => name switch
    {
        "binary, skewed prior, confusion matrices" => (
            SyntheticVotes.Generate(100_000, [0.3, 0.7], SyntheticVotes.Spread(10, 0.6, 0.9), SyntheticVotes.Spread(10, 0.1, 0.5), seed: 1),
            new DawidSkeneOptions(DawidSkeneParameterization.ConfusionMatrix)),
        "five classes, uniform prior, accuracies" => (
            SyntheticVotes.Generate(100_000, [0.2, 0.2, 0.2, 0.2, 0.2], SyntheticVotes.Spread(20, 0.4, 0.9), SyntheticVotes.Spread(20, 0.05, 0.3), seed: 2),
            new DawidSkeneOptions(DawidSkeneParameterization.SymmetricAccuracy)),
        "three classes, skewed prior, auto" => (
            SyntheticVotes.Generate(100_000, [0.5, 0.3, 0.2], SyntheticVotes.Spread(12, 0.5, 0.95), SyntheticVotes.Spread(12, 0.02, 0.4), seed: 3),
            new DawidSkeneOptions(DawidSkeneParameterization.Auto)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(SyntheticCases))]
    public void RecoversEachLfAccuracyWithin003(string name)
    {
        var (votes, options) = Case(name);

        var model = DawidSkeneModel.Fit(votes.Matrix, options);

        Assert.True(model.Converged, $"EM did not converge in {model.Iterations} iterations");
        for (var j = 0; j < votes.Accuracies.Length; j++)
        {
            Assert.True(Math.Abs(model.LfAccuracies[j] - votes.Accuracies[j]) <= 0.03,
                $"LF {j}: learned {model.LfAccuracies[j]:F4}, true {votes.Accuracies[j]:F4}");
        }
        for (var y = 0; y < votes.Prior.Length; y++)
        {
            Assert.True(Math.Abs(model.ClassPrior[y] - votes.Prior[y]) <= 0.02, $"class {y}: prior {model.ClassPrior[y]:F4}, true {votes.Prior[y]:F4}");
        }
    }

    /// <summary>
    /// "Within 0.005 of the Bayes-optimal vote" is checked both ways: the predicted labels agree with the labels of the
    /// posterior that knows the true parameters on at least 99.5 % of the items (items where that posterior has a tie,
    /// such as uncovered items under a uniform prior, have no optimal label and are left out), and the probabilities
    /// differ by at most 0.005 on average (mean absolute difference over items and classes).
    /// </summary>
    [Theory]
    [MemberData(nameof(SyntheticCases))]
    public void PredictsWithin0005OfTheBayesOptimalVote(string name)
    {
        var (votes, options) = Case(name);

        var predictions = DawidSkeneModel.Fit(votes.Matrix, options).Predict(votes.Matrix);

        var k = votes.Prior.Length;
        var n = votes.Matrix.ItemCount;
        int decided = 0, agree = 0, bayesRight = 0, modelRight = 0;
        double difference = 0;
        for (var i = 0; i < n; i++)
        {
            var bayes = votes.BayesPosterior(i);
            var ours = predictions.ProbabilitiesOf(i);
            for (var y = 0; y < k; y++)
            {
                difference += Math.Abs(bayes[y] - ours[y]);
            }
            var best = bayes.Max();
            if (bayes.Count(p => best - p < 1e-12) > 1)
            {
                continue;
            }
            var bayesLabel = Array.IndexOf(bayes, best);
            decided++;
            agree += predictions.Labels[i] == bayesLabel ? 1 : 0;
            bayesRight += bayesLabel == votes.Truth[i] ? 1 : 0;
            modelRight += predictions.Labels[i] == votes.Truth[i] ? 1 : 0;
        }
        Assert.True(decided > 0.9 * n, $"only {decided} items have a unique optimal label");
        Assert.True(agree >= 0.995 * decided, $"labels agree on {agree / (double)decided:P2} of the items");
        Assert.True(difference / (n * k) <= 0.005, $"mean absolute probability difference {difference / (n * k):F5}");
        // Sanity: the model is as good as the optimum on the truth, to the same 0.5 %.
        Assert.InRange(modelRight, bayesRight - 0.005 * decided, bayesRight + 0.005 * decided);
    }

    [Fact]
    public void AnLfWithAFewVotesCannotOverruleTheOthers()
    {
        var votes = SyntheticVotes.Generate(10_000, [0.5, 0.5], [0.8, 0.8, 0.8, 0.8, 0.8], [0.5, 0.5, 0.5, 0.5, 0.5], seed: 11);
        // A sixth LF that voted on two items only, both times with the majority: unsmoothed, its accuracy would be 1.
        var builder = new LabelMatrixBuilder(6, 2);
        for (var i = 0; i < votes.Matrix.ItemCount; i++)
        {
            foreach (var cell in votes.Matrix.VotesOf(i))
            {
                builder.Add(i, votes.Matrix.LfOf(cell), votes.Matrix.LabelOf(cell));
            }
        }
        var agreed = Enumerable.Range(0, votes.Matrix.ItemCount)
            .Where(i => votes.Matrix.VotesOf(i).Length == 5 && Enumerable.Range(0, 5).All(j => votes.Matrix.VoteOf(i, j) == 1))
            .Take(2)
            .ToArray();
        Assert.Equal(2, agreed.Length);
        foreach (var i in agreed)
        {
            builder.Add(i, 5, 1);
        }
        builder.EnsureItemCount(votes.Matrix.ItemCount);

        var model = DawidSkeneModel.Fit(builder.Build());

        Assert.InRange(model.LfAccuracies[5], 0.5, 0.8);
        // Its vote against two of the good LFs loses.
        var test = new LabelMatrixBuilder(6, 2);
        test.AddItem([0, 0, -1, -1, -1, 1]);
        var prediction = model.Predict(test.Build())[0];
        Assert.Equal(0, prediction.Label);
    }

    [Fact]
    public void FittingTwiceGivesTheSameModel()
    {
        var votes = SyntheticVotes.Generate(5_000, [0.2, 0.5, 0.3], SyntheticVotes.Spread(6, 0.5, 0.9), SyntheticVotes.Spread(6, 0.2, 0.6), seed: 5);

        var first = DawidSkeneModel.Fit(votes.Matrix).Predict(votes.Matrix);
        var second = DawidSkeneModel.Fit(votes.Matrix).Predict(votes.Matrix);

        Assert.True(first.Probabilities.SequenceEqual(second.Probabilities));
        Assert.True(first.Labels.SequenceEqual(second.Labels));
    }

    [Fact]
    public void UncoveredItemsGetTheLearnedPrior()
    {
        var votes = SyntheticVotes.Generate(5_000, [0.25, 0.75], [0.8, 0.7, 0.9], [0.3, 0.3, 0.3], seed: 9);
        var model = DawidSkeneModel.Fit(votes.Matrix);
        var uncovered = Enumerable.Range(0, votes.Matrix.ItemCount).First(i => !votes.Matrix.HasVotes(i));

        var prediction = model.Predict(votes.Matrix)[uncovered];

        Assert.False(prediction.HasVotes);
        Assert.Equal(model.ClassPrior, prediction.Probabilities.ToArray());
        Assert.Equal(1, prediction.Label);
        Assert.Equal(model.ClassPrior[1], prediction.Confidence);
    }

    [Fact]
    public void PredictRefusesAMatrixWithOtherLfs()
    {
        var votes = SyntheticVotes.Generate(1_000, [0.5, 0.5], [0.8, 0.7, 0.9], [0.3, 0.3, 0.3], seed: 9);
        var model = DawidSkeneModel.Fit(votes.Matrix);
        var other = new LabelMatrixBuilder(4, 2).Build();

        var error = Assert.Throws<ArgumentException>(() => model.Predict(other));
        Assert.Contains("3 LFs", error.Message);
    }

    [Theory]
    [InlineData(0.0, 0.7, 100, "PriorVotes")]
    [InlineData(50.0, 1.0, 100, "PriorPrecision")]
    [InlineData(50.0, 0.7, 0, "MaxIterations")]
    public void RejectsOptionsOutOfRange(double priorVotes, double priorPrecision, int maxIterations, string parameter)
    {
        var matrix = new LabelMatrixBuilder(3, 2).Build();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            DawidSkeneModel.Fit(matrix, new DawidSkeneOptions(PriorVotes: priorVotes, PriorPrecision: priorPrecision, MaxIterations: maxIterations)));
        Assert.Equal(parameter, error.ParamName);
    }
}
