using System.Globalization;
using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

/// <summary>
/// Crowd labels drawn from Dawid and Skene's model with parameters we choose: each item's true class from a prior;
/// each annotator labels an item with probability <c>coverage</c>, and gives label l for true class y with probability
/// <c>confusion[y][l]</c>. Seeded, so a test always sees the same labels.
/// </summary>
internal sealed class SyntheticCrowd
{
    private SyntheticCrowd(ReliabilityData<string> data, Dictionary<string, string> truth)
    {
        Data = data;
        Truth = truth;
    }

    public ReliabilityData<string> Data { get; }

    /// <summary>Each item's true class, by item id.</summary>
    public Dictionary<string, string> Truth { get; }

    /// <summary>An annotator who is right with probability <paramref name="accuracy"/> and otherwise picks another class uniformly.</summary>
    public static double[][] Symmetric(int classes, double accuracy) =>
        [.. Enumerable.Range(0, classes).Select(y => Enumerable.Range(0, classes).Select(l => l == y ? accuracy : (1 - accuracy) / (classes - 1)).ToArray())];

    public static SyntheticCrowd Generate(int items, string[] classes, double[] prior, double[][][] confusions, double[] coverages, int seed)
    {
        var random = new Random(seed);
        var builder = new ReliabilityDataBuilder<string>(StringComparer.Ordinal);
        var truth = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < items; i++)
        {
            var item = "item" + i.ToString(CultureInfo.InvariantCulture);
            var y = Draw(random, prior);
            truth[item] = classes[y];
            for (var a = 0; a < confusions.Length; a++)
            {
                var annotator = "ann" + a.ToString(CultureInfo.InvariantCulture);
                if (random.NextDouble() < coverages[a])
                {
                    builder.Add(item, annotator, classes[Draw(random, confusions[a][y])]);
                }
            }
        }
        return new SyntheticCrowd(builder.Build(), truth);
    }

    private static int Draw(Random random, double[] probabilities)
    {
        var draw = random.NextDouble();
        for (var c = 0; c < probabilities.Length - 1; c++)
        {
            draw -= probabilities[c];
            if (draw < 0)
            {
                return c;
            }
        }
        return probabilities.Length - 1;
    }
}
