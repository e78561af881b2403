using System.Security.Cryptography;
using System.Text;
using Annotate.Core.Ingest;
using Annotate.Core.WeakSupervision;
using Annotate.Core.Tests.Ingest;

namespace Annotate.Core.Tests.WeakSupervision;

/// <summary>
/// How WRENCH turns probabilities into labels, rewritten from <c>snorkel.utils.probs_to_preds</c> (the default
/// "random" policy WRENCH's metrics use): classes within 1e-5 of the largest probability tie, and a tie goes to
/// tied[sha1(str(row index)) mod count]. WRENCH's majority vote gives an uncovered item equal probabilities, so this
/// rule also labels every uncovered item.
/// </summary>
internal static class WrenchScoring
{
    public static int[] Labels(LabelPredictions predictions)
    {
        var labels = new int[predictions.ItemCount];
        var tied = new List<int>();
        for (var i = 0; i < labels.Length; i++)
        {
            var p = predictions.ProbabilitiesOf(i);
            var max = double.NegativeInfinity;
            foreach (var value in p)
            {
                max = Math.Max(max, value);
            }
            tied.Clear();
            for (var y = 0; y < p.Length; y++)
            {
                if (Math.Abs(p[y] - max) < 1e-5)
                {
                    tied.Add(y);
                }
            }
            labels[i] = tied.Count == 1 ? tied[0] : tied[HashOfRow(i, tied.Count)];
        }
        return labels;
    }

    /// <summary>int(sha1(str(i)).hexdigest(), 16) % count, as Snorkel's <c>_hash</c>.</summary>
    private static int HashOfRow(int row, int count)
    {
        var digest = SHA1.HashData(Encoding.UTF8.GetBytes(row.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var remainder = 0;
        foreach (var b in digest)
        {
            remainder = (remainder * 256 + b) % count;
        }
        return remainder;
    }

    public static double Accuracy(int[] labels, IReadOnlyList<int> gold) =>
        Enumerable.Range(0, labels.Length).Count(i => labels[i] == gold[i]) / (double)labels.Length;

    /// <summary>F1 of class 1 (scikit-learn's binary F1).</summary>
    public static double F1(int[] labels, IReadOnlyList<int> gold)
    {
        int truePositives = 0, predicted = 0, actual = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            truePositives += labels[i] == 1 && gold[i] == 1 ? 1 : 0;
            predicted += labels[i] == 1 ? 1 : 0;
            actual += gold[i] == 1 ? 1 : 0;
        }
        return 2.0 * truePositives / (predicted + actual);
    }

    public static async Task<VoteTable> LoadAsync(string dataset, string split)
    {
        await using var stream = File.OpenRead(SharedDatasets.PathOf(Path.Combine($"wrench_{dataset}", $"{split}.json")));
        return await VoteTable.ReadAsync(stream, SourceFormat.Json, TestContext.Current.CancellationToken);
    }
}
