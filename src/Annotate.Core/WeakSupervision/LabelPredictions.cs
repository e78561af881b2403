namespace Annotate.Core.WeakSupervision;

/// <summary>
/// What a label model says about every item of a <see cref="LabelMatrix"/>: class probabilities, the predicted label,
/// its confidence, and whether any LF voted. Immutable.
/// </summary>
/// <remarks>
/// Probabilities are one flat array, item after item (<see cref="ItemCount"/> × <see cref="ClassCount"/>), so a million
/// items with five classes take 40 MB. An uncovered item gets the model's class prior. A label of −1 means the model
/// abstained (only majority vote with <see cref="TieBreak.Abstain"/> does); its confidence is then 0, so a threshold on
/// confidence never accepts it.
/// </remarks>
public sealed class LabelPredictions
{
    private readonly double[] probabilities;
    private readonly int[] labels;
    private readonly double[] confidences;
    private readonly bool[] hasVotes;

    internal LabelPredictions(int classCount, double[] probabilities, int[] labels, double[] confidences, bool[] hasVotes)
    {
        ClassCount = classCount;
        this.probabilities = probabilities;
        this.labels = labels;
        this.confidences = confidences;
        this.hasVotes = hasVotes;
    }

    /// <summary>Number of items.</summary>
    public int ItemCount => labels.Length;

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>All probabilities, item after item: item i's are at [i × K, (i + 1) × K).</summary>
    public ReadOnlySpan<double> Probabilities => probabilities;

    /// <summary>Predicted labels, −1 where the model abstained.</summary>
    public ReadOnlySpan<int> Labels => labels;

    /// <summary>The probability of each predicted label (0 where the model abstained).</summary>
    public ReadOnlySpan<double> Confidences => confidences;

    /// <summary>Per item: true when at least one LF voted.</summary>
    public ReadOnlySpan<bool> HasVotes => hasVotes;

    /// <summary>One item's prediction.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="item"/> is out of range.</exception>
    public LabelPrediction this[int item] => new(
        labels[item], confidences[item], hasVotes[item], probabilities.AsMemory(item * ClassCount, ClassCount));

    /// <summary>The class probabilities of one item (they sum to 1).</summary>
    public ReadOnlySpan<double> ProbabilitiesOf(int item) => probabilities.AsSpan(item * ClassCount, ClassCount);

    /// <summary>
    /// Turns per-item probabilities into predictions: the label is the most probable class; a tie (within 1e-9) goes to
    /// the class with the larger prior, then the smaller index. Uncovered items must already hold the prior.
    /// </summary>
    internal static LabelPredictions FromProbabilities(LabelMatrix matrix, double[] probabilities, ReadOnlySpan<double> prior)
    {
        var k = matrix.ClassCount;
        var n = matrix.ItemCount;
        var labels = new int[n];
        var confidences = new double[n];
        var hasVotes = new bool[n];
        var rowStarts = matrix.RowStarts;
        for (var i = 0; i < n; i++)
        {
            var row = probabilities.AsSpan(i * k, k);
            var best = ArgMax(row, prior);
            labels[i] = best;
            confidences[i] = row[best];
            hasVotes[i] = rowStarts[i + 1] > rowStarts[i];
        }
        return new LabelPredictions(k, probabilities, labels, confidences, hasVotes);
    }

    internal const double TieTolerance = 1e-9;

    /// <summary>The index of the largest value; near ties go to the larger prior, then the smaller index.</summary>
    internal static int ArgMax(ReadOnlySpan<double> values, ReadOnlySpan<double> prior)
    {
        var best = 0;
        for (var y = 1; y < values.Length; y++)
        {
            var difference = values[y] - values[best];
            if (difference > TieTolerance || (difference >= -TieTolerance && prior[y] > prior[best]))
            {
                best = y;
            }
        }
        return best;
    }
}

/// <summary>One item's prediction from <see cref="LabelPredictions"/>.</summary>
/// <param name="Label">The predicted class, or −1 when the model abstained.</param>
/// <param name="Confidence">The probability of <paramref name="Label"/>; 0 when the model abstained.</param>
/// <param name="HasVotes">True when at least one LF voted on the item.</param>
/// <param name="Probabilities">The class probabilities (summing to 1).</param>
public readonly record struct LabelPrediction(int Label, double Confidence, bool HasVotes, ReadOnlyMemory<double> Probabilities);
