namespace Annotate.Core.WeakSupervision;

/// <summary>
/// Snorkel's label model (Ratner et al., "Training Complex Models with Multi-Task Weak Supervision", AAAI 2019) for
/// conditionally independent LFs: it learns μ = P(LF votes l | true class y) from how often pairs of LFs vote
/// together, without ever looking at an item's true class, then predicts like a naive Bayes over the votes.
/// </summary>
/// <remarks>
/// <para>Follows <c>snorkel/labeling/model/label_model.py</c> (v0.10): O = LᵀL / n over one-hot votes (d = LFs × K
/// columns, abstentions dropped); μ (d × K) starts at P(LF votes y) × precision / P(y) on its "diagonal", scaled by
/// one seeded random number; full-batch SGD with momentum minimises ‖O − μPμᵀ‖² over the blocks of distinct LF
/// pairs (an LF's own block would need the unknown abstain structure), plus ‖rowsum(μP) − diag(O)‖² and the L2 term;
/// then μ is clipped to [ε, 1 − ε] and its columns are permuted (Hungarian method, within classes of equal prior) so
/// that the LFs look most accurate, which picks one of the symmetric solutions. P = diag(class balance).</para>
/// <para>Prediction: P(y | votes) ∝ P(y) × Π over votes of μ[lf·K + l, y]; abstentions are left out, as in Snorkel.
/// <see cref="LfAccuracies"/> is Snorkel's <c>get_weights</c>: Σ_y μ[lf·K + y, y] P(y) / coverage.</para>
/// <para>Cost: building O is one pass over the items with (votes per item)² work each; each SGD step is
/// d² × K, independent of the number of items. O takes d² × 16 bytes (50 LFs × 5 classes: 1 MB).</para>
/// </remarks>
public sealed class MatrixCompletionModel : ILabelModel
{
    private readonly double[] balance;
    private readonly double[] mu;
    private readonly double[] accuracies;

    private MatrixCompletionModel(int lfCount, int classCount, double[] balance, double[] mu, double[] accuracies)
    {
        LfCount = lfCount;
        ClassCount = classCount;
        this.balance = balance;
        this.mu = mu;
        this.accuracies = accuracies;
    }

    /// <inheritdoc/>
    public LabelModelKind Kind => LabelModelKind.MatrixCompletion;

    /// <inheritdoc/>
    public int LfCount { get; }

    /// <inheritdoc/>
    public int ClassCount { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double> ClassPrior => balance;

    /// <inheritdoc/>
    public IReadOnlyList<double> LfAccuracies => accuracies;

    /// <summary>The learned P(<paramref name="lf"/> votes <paramref name="label"/> | true class = <paramref name="trueClass"/>)
    /// (so the LF's abstain probability for the class is 1 − the sum over labels).</summary>
    /// <exception cref="IndexOutOfRangeException">An argument is out of range.</exception>
    public double ConditionalProbability(int lf, int trueClass, int label)
    {
        if ((uint)lf >= LfCount || (uint)trueClass >= ClassCount || (uint)label >= ClassCount)
        {
            throw new IndexOutOfRangeException("The LF, class or label is out of range.");
        }
        return mu[(lf * ClassCount + label) * ClassCount + trueClass];
    }

    /// <summary>Fits the model on <paramref name="matrix"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix has fewer than 3 LFs or no items (the overlaps cannot pin μ
    /// down), or the class balance does not have K positive entries.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The gradient descent diverged (lower the learning rate).</exception>
    public static MatrixCompletionModel Fit(LabelMatrix matrix, MatrixCompletionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= MatrixCompletionOptions.Default;
        options.Validate();
        if (matrix.LfCount < 3)
        {
            throw new ArgumentException($"The matrix-completion model needs at least 3 LFs; this matrix has {matrix.LfCount}.", nameof(matrix));
        }
        if (matrix.ItemCount == 0)
        {
            throw new ArgumentException("The matrix has no items.", nameof(matrix));
        }
        var k = matrix.ClassCount;
        var m = matrix.LfCount;
        var d = m * k;
        var n = matrix.ItemCount;
        var p = options.ClassBalance is null
            ? Enumerable.Repeat(1.0 / k, k).ToArray()
            : LabelModels.CheckPrior(options.ClassBalance, k, nameof(options.ClassBalance));

        var o = Overlaps(matrix);
        var muInit = new double[d * k];
        for (var j = 0; j < m; j++)
        {
            for (var y = 0; y < k; y++)
            {
                var c = j * k + y;
                muInit[c * k + y] = Math.Clamp(o[c * d + c] * options.PrecisionInit / p[y], 0, 1);
            }
        }
        var scale = new Random(options.Seed).NextDouble();
        var mu = new double[d * k];
        for (var x = 0; x < mu.Length; x++)
        {
            mu[x] = muInit[x] * scale;
        }

        Descend(o, muInit, mu, p, m, k, options);
        for (var x = 0; x < mu.Length; x++)
        {
            if (!double.IsFinite(mu[x]))
            {
                throw new InvalidOperationException("The matrix-completion model diverged; lower the learning rate.");
            }
        }

        var epsilon = options.MuEpsilon ?? Math.Min(0.01, Math.Pow(10, -Math.Ceiling(Math.Log10(n))));
        for (var x = 0; x < mu.Length; x++)
        {
            mu[x] = Math.Clamp(mu[x], epsilon, 1 - epsilon);
        }
        BreakColumnSymmetry(mu, p, m, k);

        var accuracies = new double[m];
        for (var j = 0; j < m; j++)
        {
            double coverage = 0, agreement = 0;
            for (var y = 0; y < k; y++)
            {
                var c = j * k + y;
                coverage += o[c * d + c];
                agreement += mu[c * k + y] * p[y];
            }
            accuracies[j] = coverage > 0 ? Math.Clamp(agreement / coverage, 1e-6, 1.0) : 1.0 / k;
        }
        return new MatrixCompletionModel(m, k, p, mu, accuracies);
    }

    /// <inheritdoc/>
    public LabelPredictions Predict(LabelMatrix matrix)
    {
        LabelModels.CheckShape(matrix, LfCount, ClassCount);
        return VoteLikelihood.PredictAll(matrix, mu, balance);
    }

    /// <summary>O = LᵀL / n over one-hot votes: O[a, b] is the share of items on which cell a and cell b both occur.</summary>
    private static double[] Overlaps(LabelMatrix matrix)
    {
        var d = matrix.LfCount * matrix.ClassCount;
        var counts = new int[d * d];
        var rowStarts = matrix.RowStarts;
        var cells = matrix.Cells;
        for (var i = 0; i < matrix.ItemCount; i++)
        {
            var row = cells[rowStarts[i]..rowStarts[i + 1]];
            for (var a = 0; a < row.Length; a++)
            {
                var line = counts.AsSpan(row[a] * d, d);
                // Cells ascend within a row, so this fills the upper triangle (and the diagonal).
                for (var b = a; b < row.Length; b++)
                {
                    line[row[b]]++;
                }
            }
        }
        var o = new double[d * d];
        var perItem = 1.0 / matrix.ItemCount;
        for (var a = 0; a < d; a++)
        {
            for (var b = a; b < d; b++)
            {
                o[a * d + b] = o[b * d + a] = counts[a * d + b] * perItem;
            }
        }
        return o;
    }

    /// <summary>
    /// Full-batch SGD with momentum (PyTorch's update: buf = momentum·buf + grad, μ −= lr·buf) on
    /// Σ_{a,b of distinct LFs} (O − μPμᵀ)²_ab + Σ_a (Σ_y μ_ay p_y − O_aa)² + l2²‖μ − μ_init‖², with weight decay l2.
    /// </summary>
    private static void Descend(double[] o, double[] muInit, double[] mu, double[] p, int m, int k, MatrixCompletionOptions options)
    {
        var d = m * k;
        var scaled = new double[d * k];
        var gradient = new double[d * k];
        var velocity = new double[d * k];
        var l2Squared = options.L2 * options.L2;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (var a = 0; a < d; a++)
            {
                for (var y = 0; y < k; y++)
                {
                    scaled[a * k + y] = mu[a * k + y] * p[y];
                }
            }
            Array.Clear(gradient);
            for (var a = 0; a < d; a++)
            {
                var lfA = a / k;
                var scaledA = scaled.AsSpan(a * k, k);
                var gradientA = gradient.AsSpan(a * k, k);
                // Pairs (a, b) with b in a later LF; (b, a) is the same residual, so both rows get it.
                for (var b = (lfA + 1) * k; b < d; b++)
                {
                    var muB = mu.AsSpan(b * k, k);
                    double model = 0;
                    for (var y = 0; y < k; y++)
                    {
                        model += scaledA[y] * muB[y];
                    }
                    var residual = -4 * (o[a * d + b] - model);
                    if (residual == 0)
                    {
                        continue;
                    }
                    var scaledB = scaled.AsSpan(b * k, k);
                    var gradientB = gradient.AsSpan(b * k, k);
                    for (var y = 0; y < k; y++)
                    {
                        gradientA[y] += residual * scaledB[y];
                        gradientB[y] += residual * scaledA[y];
                    }
                }
                double rowSum = 0;
                for (var y = 0; y < k; y++)
                {
                    rowSum += scaledA[y];
                }
                var diagonal = 2 * (rowSum - o[a * d + a]);
                for (var y = 0; y < k; y++)
                {
                    gradientA[y] += diagonal * p[y];
                }
            }
            for (var x = 0; x < mu.Length; x++)
            {
                var g = gradient[x] + 2 * l2Squared * (mu[x] - muInit[x]) + options.L2 * mu[x];
                velocity[x] = epoch == 0 ? g : options.Momentum * velocity[x] + g;
                mu[x] -= options.LearningRate * velocity[x];
            }
        }
    }

    /// <summary>
    /// Any permutation of μ's columns among classes of equal prior fits O equally well; keep the one under which the
    /// LFs agree most with the class they vote for (Snorkel's <c>_break_col_permutation_symmetry</c>).
    /// </summary>
    private static void BreakColumnSymmetry(double[] mu, double[] p, int m, int k)
    {
        // sum[l, y] = Σ over LFs of μ[lf·K + l, y] · p[y]
        var sum = new double[k, k];
        for (var j = 0; j < m; j++)
        {
            for (var l = 0; l < k; l++)
            {
                for (var y = 0; y < k; y++)
                {
                    sum[l, y] += mu[(j * k + l) * k + y] * p[y];
                }
            }
        }
        var permutation = new int[k];
        for (var y = 0; y < k; y++)
        {
            permutation[y] = y;
        }
        var groups = Enumerable.Range(0, k).GroupBy(y => Math.Round(p[y], 3));
        foreach (var group in groups)
        {
            var members = group.ToArray();
            if (members.Length == 1)
            {
                continue;
            }
            // Column y moves to class l; maximise Σ sum[l, y] over the moves.
            var cost = new double[members.Length, members.Length];
            for (var i = 0; i < members.Length; i++)
            {
                for (var j = 0; j < members.Length; j++)
                {
                    cost[i, j] = -sum[members[j], members[i]];
                }
            }
            var assignment = LinearAssignment.Minimize(cost);
            for (var i = 0; i < members.Length; i++)
            {
                permutation[members[i]] = members[assignment[i]];
            }
        }
        var rows = mu.Length / k;
        var buffer = new double[k];
        for (var r = 0; r < rows; r++)
        {
            var row = mu.AsSpan(r * k, k);
            for (var y = 0; y < k; y++)
            {
                buffer[permutation[y]] = row[y];
            }
            buffer.CopyTo(row);
        }
    }
}
