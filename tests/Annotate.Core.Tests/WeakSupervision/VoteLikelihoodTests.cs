using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.WeakSupervision;

public class VoteLikelihoodTests
{
    /// <summary>The posterior computed with logarithms, item by item, as the reference for every code path.</summary>
    private static double[] Reference(LabelMatrix matrix, int item, double[] factors, double[] prior)
    {
        var k = matrix.ClassCount;
        var logs = prior.Select(p => Math.Log(p)).ToArray();
        foreach (var cell in matrix.VotesOf(item))
        {
            for (var y = 0; y < k; y++)
            {
                logs[y] += Math.Log(factors[cell * k + y]);
            }
        }
        var max = logs.Max();
        var p = logs.Select(l => Math.Exp(l - max)).ToArray();
        var sum = p.Sum();
        return [.. p.Select(x => x / sum)];
    }

    /// <summary>Two classes (their own loop), 3–4 and 5–8 (vectors), and ten (scalar), with items of 0 to 400 votes:
    /// several hundred small factors take the product below 1e-280, where the log fallback must take over.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(10)]
    public void EveryPathGivesTheLogSpacePosterior(int k)
    {
        const int lfs = 400;
        var random = new Random(k);
        var factors = new double[lfs * k * k];
        for (var x = 0; x < factors.Length; x++)
        {
            factors[x] = Math.Exp(-3 * random.NextDouble()) * 0.05;
        }
        var prior = Enumerable.Range(1, k).Select(y => (double)y).ToArray();
        prior = [.. prior.Select(p => p / prior.Sum())];
        var builder = new LabelMatrixBuilder(lfs, k);
        foreach (var votes in new[] { 0, 1, 2, 3, 7, 50, 250, 400 })
        {
            var row = Enumerable.Repeat(-1, lfs).ToArray();
            for (var j = 0; j < votes; j++)
            {
                row[j] = random.Next(k);
            }
            builder.AddItem(row);
        }
        var matrix = builder.Build();
        var counts = new double[factors.Length];
        var totals = new double[k];
        var probabilities = new double[matrix.ItemCount * k];

        VoteLikelihood.Pass(matrix, factors, prior, counts, totals, probabilities);

        var expectedCounts = new double[factors.Length];
        var expectedTotals = new double[k];
        for (var i = 0; i < matrix.ItemCount; i++)
        {
            var expected = Reference(matrix, i, factors, prior);
            Assert.Equal(expected, probabilities.AsSpan(i * k, k).ToArray(), (a, b) => Math.Abs(a - b) < 1e-9);
            if (!matrix.HasVotes(i))
            {
                continue;
            }
            for (var y = 0; y < k; y++)
            {
                expectedTotals[y] += expected[y];
            }
            foreach (var cell in matrix.VotesOf(i))
            {
                for (var y = 0; y < k; y++)
                {
                    expectedCounts[cell * k + y] += expected[y];
                }
            }
        }
        Assert.Equal(expectedTotals, totals, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(expectedCounts, counts, (a, b) => Math.Abs(a - b) < 1e-9);
    }
}
