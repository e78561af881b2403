using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.WeakSupervision;

/// <summary>
/// Votes drawn from the model every label model assumes, with parameters we choose: each item's class from
/// <see cref="Prior"/>; each LF votes on an item with probability <see cref="Coverages"/>[j], whatever its class; a
/// vote is the true class with probability <see cref="Accuracies"/>[j] and otherwise one of the other K − 1 classes,
/// uniformly. Seeded, so a test always sees the same matrix. (The benchmarks link this file too.)
/// </summary>
public sealed class SyntheticVotes
{
    private SyntheticVotes(LabelMatrix matrix, int[] truth, double[] prior, double[] accuracies, double[] coverages)
    {
        Matrix = matrix;
        Truth = truth;
        Prior = prior;
        Accuracies = accuracies;
        Coverages = coverages;
    }

    public LabelMatrix Matrix { get; }

    /// <summary>Each item's true class.</summary>
    public int[] Truth { get; }

    public double[] Prior { get; }

    /// <summary>Per LF, P(vote is right | it voted).</summary>
    public double[] Accuracies { get; }

    /// <summary>Per LF, P(it votes).</summary>
    public double[] Coverages { get; }

    public static SyntheticVotes Generate(int items, double[] prior, double[] accuracies, double[] coverages, int seed)
    {
        var k = prior.Length;
        var m = accuracies.Length;
        var random = new Random(seed);
        var builder = new LabelMatrixBuilder(m, k);
        var truth = new int[items];
        var row = new int[m];
        var cumulative = new double[k];
        double total = 0;
        for (var y = 0; y < k; y++)
        {
            total += prior[y];
            cumulative[y] = total;
        }
        for (var i = 0; i < items; i++)
        {
            var draw = random.NextDouble() * total;
            var y = 0;
            while (y < k - 1 && draw >= cumulative[y])
            {
                y++;
            }
            truth[i] = y;
            for (var j = 0; j < m; j++)
            {
                if (random.NextDouble() >= coverages[j])
                {
                    row[j] = -1;
                }
                else if (random.NextDouble() < accuracies[j])
                {
                    row[j] = y;
                }
                else
                {
                    // One of the other classes, uniformly.
                    var other = random.Next(k - 1);
                    row[j] = other >= y ? other + 1 : other;
                }
            }
            builder.AddItem(row);
        }
        return new SyntheticVotes(builder.Build(), truth, prior, accuracies, coverages);
    }

    /// <summary>
    /// The Bayes-optimal posterior of one item, knowing the true parameters: P(y | votes) ∝ prior(y) × Π over votes of
    /// (accuracy if the vote is y, else (1 − accuracy) / (K − 1)). Computed with logarithms, item by item, independently
    /// of the library's code.
    /// </summary>
    public double[] BayesPosterior(int item)
    {
        var k = Prior.Length;
        var logs = new double[k];
        for (var y = 0; y < k; y++)
        {
            logs[y] = Math.Log(Prior[y]);
            for (var j = 0; j < Accuracies.Length; j++)
            {
                var vote = Matrix.VoteOf(item, j);
                if (vote >= 0)
                {
                    logs[y] += Math.Log(vote == y ? Accuracies[j] : (1 - Accuracies[j]) / (k - 1));
                }
            }
        }
        var max = logs.Max();
        var posterior = logs.Select(l => Math.Exp(l - max)).ToArray();
        var sum = posterior.Sum();
        return [.. posterior.Select(p => p / sum)];
    }

    /// <summary>Evenly spaced values from <paramref name="low"/> to <paramref name="high"/>, one per LF.</summary>
    public static double[] Spread(int count, double low, double high) =>
        [.. Enumerable.Range(0, count).Select(j => count == 1 ? low : low + (high - low) * j / (count - 1))];
}
