namespace Annotate.Core.WeakSupervision;

/// <summary>Fits any of the label models by kind, and the argument checks they share.</summary>
public static class LabelModels
{
    /// <summary>
    /// Fits a <paramref name="kind"/> model on <paramref name="matrix"/> with its default options, except: majority
    /// vote breaks ties by <paramref name="tieBreak"/>, and the matrix-completion model uses <paramref name="seed"/>
    /// (the other two are deterministic without one).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a known model.</exception>
    /// <exception cref="ArgumentException">The model cannot be fitted on this matrix (see each model's Fit).</exception>
    /// <exception cref="InvalidOperationException">The fit diverged (matrix completion only).</exception>
    public static ILabelModel Fit(LabelModelKind kind, LabelMatrix matrix, int seed = 0, TieBreak tieBreak = TieBreak.ClassPrior) => kind switch
    {
        LabelModelKind.MajorityVote => MajorityVoteModel.Fit(matrix, new MajorityVoteOptions(tieBreak)),
        LabelModelKind.DawidSkene => DawidSkeneModel.Fit(matrix),
        LabelModelKind.MatrixCompletion => MatrixCompletionModel.Fit(matrix, MatrixCompletionOptions.Default with { Seed = seed }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a known label model."),
    };

    /// <summary>A copy of a given prior, normalised to sum to 1.</summary>
    /// <exception cref="ArgumentException">It does not have <paramref name="classCount"/> positive, finite entries.</exception>
    internal static double[] CheckPrior(IReadOnlyList<double> prior, int classCount, string name)
    {
        if (prior.Count != classCount)
        {
            throw new ArgumentException($"The class prior has {prior.Count} entries; there are {classCount} classes.", name);
        }
        double sum = 0;
        for (var y = 0; y < classCount; y++)
        {
            if (!(prior[y] > 0) || double.IsInfinity(prior[y]))
            {
                throw new ArgumentException($"The class prior of class {y} is {prior[y]}; every class needs a positive prior.", name);
            }
            sum += prior[y];
        }
        var normalised = new double[classCount];
        for (var y = 0; y < classCount; y++)
        {
            normalised[y] = prior[y] / sum;
        }
        return normalised;
    }

    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix has other LF or class counts than the model.</exception>
    internal static void CheckShape(LabelMatrix matrix, int lfCount, int classCount)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.LfCount != lfCount || matrix.ClassCount != classCount)
        {
            throw new ArgumentException(
                $"The model was fitted for {lfCount} LFs and {classCount} classes; this matrix has {matrix.LfCount} LFs and {matrix.ClassCount} classes.",
                nameof(matrix));
        }
    }
}
