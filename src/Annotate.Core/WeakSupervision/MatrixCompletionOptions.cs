namespace Annotate.Core.WeakSupervision;

/// <summary>Settings of <see cref="MatrixCompletionModel"/>; the defaults are Snorkel's <c>LabelModel.fit</c> defaults.</summary>
/// <param name="Epochs">Full-batch gradient steps, ≥ 1 (Snorkel: 100).</param>
/// <param name="LearningRate">SGD step size, &gt; 0 (Snorkel: 0.01).</param>
/// <param name="Momentum">SGD momentum in [0, 1) (Snorkel: 0.9).</param>
/// <param name="L2">Regularisation strength l ≥ 0: the loss gains l²·‖μ − μ_init‖² and SGD decays μ by l (Snorkel's
/// "centered L2" plus PyTorch's weight decay, both set from the same l2).</param>
/// <param name="PrecisionInit">Prior precision P(y | LF votes y) used to initialise μ, in (0, 1] (Snorkel: 0.7).</param>
/// <param name="ClassBalance">The class prior P(y) (K positive entries, normalised here), which the model takes as
/// given rather than learns; <see langword="null"/> means uniform, as in Snorkel. (Estimating it by majority vote did
/// worse on the WRENCH validation splits: broad LFs skew the estimate.)</param>
/// <param name="MuEpsilon">Learned probabilities are clipped to [ε, 1 − ε]; <see langword="null"/> uses Snorkel's
/// min(0.01, 10^−⌈log10 n⌉).</param>
/// <param name="Seed">Seeds the random scale of the initial μ (as Snorkel does), so a seed gives one model.</param>
public sealed record MatrixCompletionOptions(
    int Epochs = 100,
    double LearningRate = 0.01,
    double Momentum = 0.9,
    double L2 = 0.0,
    double PrecisionInit = 0.7,
    IReadOnlyList<double>? ClassBalance = null,
    double? MuEpsilon = null,
    int Seed = 0)
{
    /// <summary>Snorkel's defaults: uniform class balance, seed 0.</summary>
    public static MatrixCompletionOptions Default { get; } = new();

    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive number.");
        }
        if (!(Momentum >= 0 && Momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be in [0, 1).");
        }
        if (!(L2 >= 0) || double.IsInfinity(L2))
        {
            throw new ArgumentOutOfRangeException(nameof(L2), L2, "L2 must be a number ≥ 0.");
        }
        if (!(PrecisionInit > 0 && PrecisionInit <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(PrecisionInit), PrecisionInit, "The initial precision must be in (0, 1].");
        }
        if (MuEpsilon is { } epsilon && !(epsilon > 0 && epsilon < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(MuEpsilon), epsilon, "The clipping bound must be in (0, 0.5).");
        }
    }
}
