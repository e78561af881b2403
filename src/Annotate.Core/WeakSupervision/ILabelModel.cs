namespace Annotate.Core.WeakSupervision;

/// <summary>
/// A fitted label model: it combines the LF votes of an item into class probabilities. Each implementation is
/// immutable and made by its static <c>Fit</c> (or <see cref="LabelModels.Fit"/>); fitting twice on the same matrix
/// with the same options gives the same model, bit for bit.
/// </summary>
public interface ILabelModel
{
    /// <summary>Which model this is.</summary>
    LabelModelKind Kind { get; }

    /// <summary>Number of LFs the model was fitted for; a matrix to predict must have the same LFs.</summary>
    int LfCount { get; }

    /// <summary>Number of classes.</summary>
    int ClassCount { get; }

    /// <summary>The class prior the model uses (learned or given); uncovered items get it as their probabilities.</summary>
    IReadOnlyList<double> ClassPrior { get; }

    /// <summary>
    /// Per LF, the probability that its vote is right, as the model sees it (the "learned accuracy" of the LF analysis
    /// table). Each model's XML doc says how it is derived; an LF that never voted gets 1/K.
    /// </summary>
    IReadOnlyList<double> LfAccuracies { get; }

    /// <summary>Predicts every item of <paramref name="matrix"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix has other LF or class counts than the model.</exception>
    LabelPredictions Predict(LabelMatrix matrix);
}
