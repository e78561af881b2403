namespace Annotate.Core.WeakSupervision;

/// <summary>
/// Dawid–Skene (1979): the true class is hidden, each LF votes independently given it, with its own confusion
/// matrix (or its own accuracy, see <see cref="DawidSkeneParameterization"/>); the class prior and the LF parameters
/// are fitted by EM, starting from majority vote.
/// </summary>
/// <remarks>
/// <para><b>Abstentions.</b> Only votes count: an item's posterior is P(y) × Π over its votes of
/// P(y | vote) / P(y), and an item no LF voted on gets the prior. An LF's matrix is therefore kept in the
/// "precision" direction, P(true class y | the LF votes l), not P(vote l | y, the LF voted). For LFs whose decision to
/// vote does not depend on the class (Dawid and Skene's annotators, who label everything) the two describe the same
/// model. For a one-sided LF — every keyword or regex LF that only ever votes "spam" — P(vote | y, voted) is 1 for
/// every class, so that form carries no evidence and its maximum likelihood is degenerate (all items one class, every
/// LF always right or always wrong); the precision form is what such an LF actually tells: "when I fire, the item is
/// spam with probability a". The precision is learned from how the LF agrees and conflicts with the others on the
/// items they share (on an item only it votes on, its own vote is neutral evidence for its parameter).
/// (WRENCH's Dawid–Skene instead counts "abstain" as a K+1-th answer, which lets the abstain pattern of many narrow
/// LFs swamp their votes.)</para>
/// <para><b>Assumptions that keep it from collapsing.</b> Votes-only likelihoods have degenerate optima with one-sided
/// LFs (a broad LF "explains" everything if its accuracy and the class prior drift together), so two assumptions are
/// built in: no vote counts against its own class (an LF's precision for a label is at least that label's prior, so
/// its vote is never evidence against it), and every parameter has a Dirichlet prior of
/// <see cref="DawidSkeneOptions.PriorVotes"/> pseudo-votes at precision <see cref="DawidSkeneOptions.PriorPrecision"/>.
/// Both matter only for LFs with few or only conflicting votes. They do not make it safe everywhere: when how often
/// one-sided LFs fire differs strongly between classes, the abstentions carry evidence this model ignores, and EM can
/// still drift towards one class (measured on synthetic votes in the README's known limits; the matrix-completion
/// model, which sees the abstentions through its overlap matrix, holds up there).</para>
/// <para><b>EM.</b> The first M-step uses majority-vote shares as posteriors; then each iteration is one pass over
/// the votes that computes every covered item's posterior under the current parameters and adds it to the expected
/// counts of the next (E- and M-step fused, no per-item state kept), until no parameter moves more than
/// <see cref="DawidSkeneOptions.Tolerance"/>. M-step: P(y | vote l) is the mean posterior over the LF's l-votes; an
/// accuracy is the mean posterior of the voted class over all its votes (both with the prior above); the class prior
/// is the mean posterior over covered items, add-one smoothed. Cost per iteration: votes × K multiply-adds.</para>
/// <para><see cref="LfAccuracies"/>: per LF, the share of its votes that are right under the fitted model,
/// Σ_l (l-votes) × P(y = l | vote l) / votes — the accuracy parameter itself for an LF with an accuracy only.</para>
/// </remarks>
public sealed class DawidSkeneModel : ILabelModel
{
    private readonly double[] prior;
    private readonly double[] precision;
    private readonly double[] factors;
    private readonly double[] accuracies;
    private readonly bool[] hasConfusionMatrix;

    private DawidSkeneModel(int lfCount, int classCount, double[] prior, double[] precision, double[] factors, double[] accuracies,
        bool[] hasConfusionMatrix, int iterations, bool converged)
    {
        LfCount = lfCount;
        ClassCount = classCount;
        this.prior = prior;
        this.precision = precision;
        this.factors = factors;
        this.accuracies = accuracies;
        this.hasConfusionMatrix = hasConfusionMatrix;
        Iterations = iterations;
        Converged = converged;
    }

    /// <inheritdoc/>
    public LabelModelKind Kind => LabelModelKind.DawidSkene;

    /// <inheritdoc/>
    public int LfCount { get; }

    /// <inheritdoc/>
    public int ClassCount { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double> ClassPrior => prior;

    /// <inheritdoc/>
    public IReadOnlyList<double> LfAccuracies => accuracies;

    /// <summary>EM iterations run.</summary>
    public int Iterations { get; }

    /// <summary>True when EM stopped because the parameters settled (not because of the iteration limit).</summary>
    public bool Converged { get; }

    /// <summary>True when the LF got a confusion matrix, false when it got one accuracy.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="lf"/> is out of range.</exception>
    public bool HasConfusionMatrix(int lf) => hasConfusionMatrix[lf];

    /// <summary>The learned P(true class = <paramref name="trueClass"/> | <paramref name="lf"/> votes <paramref name="label"/>).</summary>
    /// <exception cref="IndexOutOfRangeException">An argument is out of range.</exception>
    public double ClassGivenVote(int lf, int label, int trueClass)
    {
        if ((uint)lf >= LfCount || (uint)trueClass >= ClassCount || (uint)label >= ClassCount)
        {
            throw new IndexOutOfRangeException("The LF, label or class is out of range.");
        }
        return precision[(lf * ClassCount + label) * ClassCount + trueClass];
    }

    /// <summary>Fits the model on <paramref name="matrix"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of range.</exception>
    public static DawidSkeneModel Fit(LabelMatrix matrix, DawidSkeneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= DawidSkeneOptions.Default;
        options.Validate();
        var k = matrix.ClassCount;
        var m = matrix.LfCount;
        var cellCount = m * k;
        var rowStarts = matrix.RowStarts;
        var cells = matrix.Cells;
        var n = matrix.ItemCount;

        var votesPerCell = new double[cellCount];
        foreach (var cell in cells)
        {
            votesPerCell[cell]++;
        }
        var full = ChooseParameterization(votesPerCell, m, k, options);
        var counts = new double[cellCount * k];
        var classTotals = new double[k];
        var prior = new double[k];
        var precision = new double[cellCount * k];
        var factors = new double[cellCount * k];
        var nextPrior = new double[k];
        var nextPrecision = new double[cellCount * k];
        Span<double> p = k <= 128 ? stackalloc double[k] : new double[k];

        // Majority-vote shares stand in for the first posteriors.
        var labelOf = new int[cellCount];
        for (var c = 0; c < cellCount; c++)
        {
            labelOf[c] = c % k;
        }
        for (var i = 0; i < n; i++)
        {
            var row = cells[rowStarts[i]..rowStarts[i + 1]];
            if (row.IsEmpty)
            {
                continue;
            }
            p.Clear();
            var share = 1.0 / row.Length;
            foreach (var cell in row)
            {
                p[labelOf[cell]] += share;
            }
            for (var y = 0; y < k; y++)
            {
                classTotals[y] += p[y];
            }
            foreach (var cell in row)
            {
                var target = counts.AsSpan(cell * k, k);
                for (var y = 0; y < k; y++)
                {
                    target[y] += p[y];
                }
            }
        }
        MStep(counts, classTotals, votesPerCell, full, options, k, prior, precision, factors);

        var iterations = 0;
        var converged = false;
        while (iterations < options.MaxIterations)
        {
            iterations++;
            Array.Clear(counts);
            Array.Clear(classTotals);
            VoteLikelihood.Pass(matrix, factors, prior, counts, classTotals, probabilities: null);
            MStep(counts, classTotals, votesPerCell, full, options, k, nextPrior, nextPrecision, factors);
            var change = Math.Max(MaxDifference(prior, nextPrior), MaxDifference(precision, nextPrecision));
            (prior, nextPrior) = (nextPrior, prior);
            (precision, nextPrecision) = (nextPrecision, precision);
            if (change < options.Tolerance)
            {
                converged = true;
                break;
            }
        }

        var accuracies = new double[m];
        for (var j = 0; j < m; j++)
        {
            double correct = 0, votes = 0;
            for (var l = 0; l < k; l++)
            {
                var c = j * k + l;
                correct += votesPerCell[c] * precision[c * k + l];
                votes += votesPerCell[c];
            }
            accuracies[j] = votes > 0 ? correct / votes : 1.0 / k;
        }
        return new DawidSkeneModel(m, k, prior, precision, factors, accuracies, full, iterations, converged);
    }

    /// <inheritdoc/>
    public LabelPredictions Predict(LabelMatrix matrix)
    {
        LabelModels.CheckShape(matrix, LfCount, ClassCount);
        return VoteLikelihood.PredictAll(matrix, factors, prior);
    }

    private static bool[] ChooseParameterization(double[] votesPerCell, int m, int k, DawidSkeneOptions options)
    {
        var full = new bool[m];
        for (var j = 0; j < m; j++)
        {
            full[j] = options.Parameterization switch
            {
                DawidSkeneParameterization.ConfusionMatrix => true,
                DawidSkeneParameterization.SymmetricAccuracy => false,
                _ => Enumerable.Range(j * k, k).All(c => votesPerCell[c] == 0 || votesPerCell[c] >= (double)options.MinVotesPerConfusionCell * k),
            };
        }
        return full;
    }

    /// <summary>
    /// Parameters from expected counts (counts[cell·K + y]: expected number of the cell's votes on items of class y),
    /// then the E-step factors P(y | vote) / P(y).
    /// </summary>
    private static void MStep(double[] counts, double[] classTotals, double[] votesPerCell, bool[] full, DawidSkeneOptions options, int k,
        double[] prior, double[] precision, double[] factors)
    {
        double covered = 0;
        for (var y = 0; y < k; y++)
        {
            covered += classTotals[y];
        }
        for (var y = 0; y < k; y++)
        {
            prior[y] = (classTotals[y] + 1) / (covered + k);
        }
        var strength = options.PriorVotes;
        for (var j = 0; j < full.Length; j++)
        {
            if (full[j])
            {
                for (var l = 0; l < k; l++)
                {
                    var c = j * k + l;
                    var row = precision.AsSpan(c * k, k);
                    var target = Math.Max(options.PriorPrecision, prior[l]);
                    var scale = 1 / (votesPerCell[c] + strength);
                    for (var y = 0; y < k; y++)
                    {
                        var pseudo = y == l ? target : (1 - target) * prior[y] / (1 - prior[l]);
                        row[y] = (counts[c * k + y] + strength * pseudo) * scale;
                    }
                    if (row[l] < prior[l])
                    {
                        // A vote may not count against its own class: lift it to "no evidence", shrink the rest.
                        var shrink = (1 - prior[l]) / (1 - row[l]);
                        for (var y = 0; y < k; y++)
                        {
                            row[y] = y == l ? prior[l] : row[y] * shrink;
                        }
                    }
                }
                continue;
            }
            double correct = 0, votes = 0, targetSum = 0, floor = 0;
            for (var l = 0; l < k; l++)
            {
                var c = j * k + l;
                correct += counts[c * k + l];
                votes += votesPerCell[c];
                targetSum += votesPerCell[c] * Math.Max(options.PriorPrecision, prior[l]);
                if (votesPerCell[c] > 0)
                {
                    floor = Math.Max(floor, prior[l]);
                }
            }
            var accuracy = votes > 0 ? (correct + targetSum / votes * strength) / (votes + strength) : 1.0 / k;
            accuracy = Math.Max(accuracy, floor);
            for (var l = 0; l < k; l++)
            {
                var c = j * k + l;
                var wrong = (1 - accuracy) / (1 - prior[l]);
                for (var y = 0; y < k; y++)
                {
                    precision[c * k + y] = y == l ? accuracy : wrong * prior[y];
                }
            }
        }
        for (var c = 0; c < votesPerCell.Length; c++)
        {
            for (var y = 0; y < k; y++)
            {
                factors[c * k + y] = precision[c * k + y] / prior[y];
            }
        }
    }

    private static double MaxDifference(double[] a, double[] b)
    {
        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }
        return max;
    }
}
