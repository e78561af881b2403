namespace Annotate.Core.WeakSupervision;

/// <summary>
/// Majority vote: every LF vote counts once; an item's probabilities are its vote shares, its label the class with
/// the most votes. The baseline every other label model must beat.
/// </summary>
/// <remarks>
/// <para>Ties follow <see cref="MajorityVoteOptions.TieBreak"/>: the tied class with the largest prior, or no label.
/// Uncovered items get the prior as probabilities, and its most likely class (or no label when abstaining).</para>
/// <para>Fitting only estimates that prior, when none is given: the share of each class among the items the majority
/// decides without a tie, add-one smoothed. Nothing else is learned, so <see cref="LfAccuracies"/> is each LF's
/// agreement with the majority on those items (its own vote included), add-one smoothed towards 1/K.</para>
/// </remarks>
public sealed class MajorityVoteModel : ILabelModel
{
    private readonly double[] prior;
    private readonly double[] accuracies;

    private MajorityVoteModel(int lfCount, int classCount, TieBreak tieBreak, double[] prior, double[] accuracies)
    {
        LfCount = lfCount;
        ClassCount = classCount;
        TieBreak = tieBreak;
        this.prior = prior;
        this.accuracies = accuracies;
    }

    /// <inheritdoc/>
    public LabelModelKind Kind => LabelModelKind.MajorityVote;

    /// <inheritdoc/>
    public int LfCount { get; }

    /// <inheritdoc/>
    public int ClassCount { get; }

    /// <summary>The tie rule.</summary>
    public TieBreak TieBreak { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double> ClassPrior => prior;

    /// <inheritdoc/>
    public IReadOnlyList<double> LfAccuracies => accuracies;

    /// <summary>Fits majority vote on <paramref name="matrix"/> (which only sets the prior, when none is given).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">The given prior does not have K positive entries.</exception>
    public static MajorityVoteModel Fit(LabelMatrix matrix, MajorityVoteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= MajorityVoteOptions.Default;
        var k = matrix.ClassCount;
        var m = matrix.LfCount;
        var winners = new double[k];
        var agree = new double[m];
        var votes = new double[m];
        Span<int> counts = k <= 256 ? stackalloc int[k] : new int[k];
        var rowStarts = matrix.RowStarts;
        var cells = matrix.Cells;
        var labelOf = LabelsOfCells(matrix);
        var lfOf = new int[labelOf.Length];
        for (var c = 0; c < lfOf.Length; c++)
        {
            lfOf[c] = c / k;
        }
        for (var i = 0; i < matrix.ItemCount; i++)
        {
            var row = cells[rowStarts[i]..rowStarts[i + 1]];
            if (row.IsEmpty)
            {
                continue;
            }
            var winner = UniqueWinner(row, k, labelOf, counts);
            if (winner < 0)
            {
                continue;
            }
            winners[winner]++;
            foreach (var cell in row)
            {
                var lf = lfOf[cell];
                votes[lf]++;
                if (labelOf[cell] == winner)
                {
                    agree[lf]++;
                }
            }
        }
        var estimated = new double[k];
        var decided = winners.Sum();
        for (var y = 0; y < k; y++)
        {
            estimated[y] = (winners[y] + 1) / (decided + k);
        }
        var accuracies = new double[m];
        for (var j = 0; j < m; j++)
        {
            accuracies[j] = (agree[j] + 1.0 / k) / (votes[j] + 1);
        }
        var prior = options.ClassPrior is null ? estimated : LabelModels.CheckPrior(options.ClassPrior, k, nameof(options.ClassPrior));
        return new MajorityVoteModel(m, k, options.TieBreak, prior, accuracies);
    }

    /// <inheritdoc/>
    public LabelPredictions Predict(LabelMatrix matrix)
    {
        LabelModels.CheckShape(matrix, LfCount, ClassCount);
        var k = ClassCount;
        var n = matrix.ItemCount;
        var probabilities = new double[(long)n * k];
        var labels = new int[n];
        var confidences = new double[n];
        var hasVotes = new bool[n];
        Span<int> counts = k <= 256 ? stackalloc int[k] : new int[k];
        var rowStarts = matrix.RowStarts;
        var cells = matrix.Cells;
        var abstainOnTies = TieBreak == TieBreak.Abstain;
        var labelOf = LabelsOfCells(matrix);
        for (var i = 0; i < n; i++)
        {
            var row = cells[rowStarts[i]..rowStarts[i + 1]];
            var p = probabilities.AsSpan(i * k, k);
            if (row.IsEmpty)
            {
                prior.CopyTo(p);
                labels[i] = abstainOnTies ? -1 : LabelPredictions.ArgMax(p, prior);
                confidences[i] = abstainOnTies ? 0 : p[labels[i]];
                continue;
            }
            hasVotes[i] = true;
            counts.Clear();
            foreach (var cell in row)
            {
                counts[labelOf[cell]]++;
            }
            int best = 0, ties = 1;
            for (var y = 0; y < k; y++)
            {
                p[y] = (double)counts[y] / row.Length;
                if (y == 0)
                {
                    continue;
                }
                if (counts[y] > counts[best])
                {
                    best = y;
                    ties = 1;
                }
                else if (counts[y] == counts[best])
                {
                    ties++;
                    if (prior[y] > prior[best])
                    {
                        best = y;
                    }
                }
            }
            if (ties > 1 && abstainOnTies)
            {
                labels[i] = -1;
                continue;
            }
            labels[i] = best;
            confidences[i] = p[best];
        }
        return new LabelPredictions(k, probabilities, labels, confidences, hasVotes);
    }

    /// <summary>The class voted in each cell, so that hot loops look it up instead of dividing.</summary>
    private static int[] LabelsOfCells(LabelMatrix matrix)
    {
        var labels = new int[matrix.LfCount * matrix.ClassCount];
        for (var c = 0; c < labels.Length; c++)
        {
            labels[c] = c % matrix.ClassCount;
        }
        return labels;
    }

    /// <summary>The class with strictly the most votes in <paramref name="row"/>, or −1 on a tie.</summary>
    private static int UniqueWinner(ReadOnlySpan<int> row, int k, int[] labelOf, Span<int> counts)
    {
        counts.Clear();
        foreach (var cell in row)
        {
            counts[labelOf[cell]]++;
        }
        int best = 0, ties = 1;
        for (var y = 1; y < k; y++)
        {
            if (counts[y] > counts[best])
            {
                best = y;
                ties = 1;
            }
            else if (counts[y] == counts[best])
            {
                ties++;
            }
        }
        return ties > 1 ? -1 : best;
    }
}
