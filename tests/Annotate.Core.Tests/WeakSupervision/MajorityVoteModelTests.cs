using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.WeakSupervision;

public class MajorityVoteModelTests
{
    /// <summary>Majority vote written the obvious way, item by item from the dense votes, to check the model against.</summary>
    private static (int Label, double[] Shares) Reference(LabelMatrix matrix, int item, IReadOnlyList<double> prior, bool abstainOnTies)
    {
        var k = matrix.ClassCount;
        var counts = new int[k];
        for (var lf = 0; lf < matrix.LfCount; lf++)
        {
            var vote = matrix.VoteOf(item, lf);
            if (vote >= 0)
            {
                counts[vote]++;
            }
        }
        var total = counts.Sum();
        if (total == 0)
        {
            var likeliest = Enumerable.Range(0, k).OrderByDescending(y => prior[y]).ThenBy(y => y).First();
            return (abstainOnTies ? -1 : likeliest, [.. prior]);
        }
        var most = counts.Max();
        var tied = Enumerable.Range(0, k).Where(y => counts[y] == most).ToList();
        var label = tied.Count == 1 ? tied[0] : abstainOnTies ? -1 : tied.OrderByDescending(y => prior[y]).ThenBy(y => y).First();
        return (label, [.. counts.Select(c => (double)c / total)]);
    }

    [Theory]
    [InlineData(TieBreak.ClassPrior)]
    [InlineData(TieBreak.Abstain)]
    public void ReproducesMajorityVoteExactly(TieBreak tieBreak)
    {
        // Three classes and few LFs, so that ties and uncovered items are common.
        var votes = SyntheticVotes.Generate(20_000, [0.2, 0.5, 0.3], [0.7, 0.6, 0.8, 0.55], [0.4, 0.3, 0.5, 0.2], seed: 21);
        var model = MajorityVoteModel.Fit(votes.Matrix, new MajorityVoteOptions(tieBreak));

        var predictions = model.Predict(votes.Matrix);

        var ties = 0;
        for (var i = 0; i < votes.Matrix.ItemCount; i++)
        {
            var (label, shares) = Reference(votes.Matrix, i, model.ClassPrior, tieBreak == TieBreak.Abstain);
            Assert.Equal(label, predictions.Labels[i]);
            Assert.Equal(shares, predictions.ProbabilitiesOf(i).ToArray());
            Assert.Equal(label < 0 ? 0 : shares[label], predictions.Confidences[i]);
            Assert.Equal(votes.Matrix.HasVotes(i), predictions.HasVotes[i]);
            ties += label < 0 ? 1 : 0;
        }
        if (tieBreak == TieBreak.Abstain)
        {
            Assert.True(ties > 1_000, $"only {ties} ties and uncovered items: the check would be weak");
        }
    }

    [Fact]
    public void ThePriorIsTheSmoothedShareOfUntiedWinners()
    {
        // Winners: 0, tie, 1, 0, uncovered, 0 → classes 0 and 1 won 3 and 1 times.
        var matrix = LabelMatrix.FromRows([[0, 0, 1], [0, 1, -1], [1, -1, -1], [0, -1, -1], [-1, -1, -1], [0, 0, 0]], 3, 2);

        var model = MajorityVoteModel.Fit(matrix);

        Assert.Equal([(3 + 1) / 6.0, (1 + 1) / 6.0], model.ClassPrior);
        // LF 0 voted with the winner 4 times out of 4 untied items; LF 1 2 of 2; LF 2 1 of 2.
        Assert.Equal([(4 + 0.5) / 5, (2 + 0.5) / 3, (1 + 0.5) / 3], model.LfAccuracies);
    }

    [Fact]
    public void AGivenPriorDecidesTiesAndUncoveredItems()
    {
        var matrix = LabelMatrix.FromRows([[0, 1, -1], [-1, -1, -1]], 3, 2);
        var model = MajorityVoteModel.Fit(matrix, new MajorityVoteOptions(TieBreak.ClassPrior, [1, 3]));

        var predictions = model.Predict(matrix);

        Assert.Equal([1, 1], predictions.Labels.ToArray());
        Assert.Equal([0.5, 0.5, 0.25, 0.75], predictions.Probabilities.ToArray());
        Assert.Equal(0.75, predictions[1].Confidence);
    }

    [Fact]
    public void APriorOfTheWrongLengthIsRefused()
    {
        var matrix = LabelMatrix.FromRows([[0, 1, -1]], 3, 2);
        var error = Assert.Throws<ArgumentException>(() => MajorityVoteModel.Fit(matrix, new MajorityVoteOptions(ClassPrior: [1, 2, 3])));
        Assert.Contains("3 entries; there are 2 classes", error.Message);
    }
}
