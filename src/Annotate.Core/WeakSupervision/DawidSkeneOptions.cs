namespace Annotate.Core.WeakSupervision;

/// <summary>Settings of <see cref="DawidSkeneModel"/>.</summary>
/// <param name="Parameterization">One accuracy per LF (the default), confusion matrices, or per LF whichever its votes support.</param>
/// <param name="PriorVotes">Strength of the Dirichlet (Beta) prior on every LF parameter, in pseudo-votes, &gt; 0: an
/// LF's accuracy is (expected correct votes + s·t) / (votes + s), with t = max(<paramref name="PriorPrecision"/>,
/// prior of the voted class). An LF with a handful of votes therefore stays near t instead of reaching 0 or 1, which
/// would let it overrule every other LF; with thousands of votes the prior does not matter.</param>
/// <param name="PriorPrecision">Where the prior puts an LF's precision before seeing data, in (0, 1) (Snorkel
/// initialises its LFs at 0.7 too).</param>
/// <param name="MaxIterations">EM iterations at most, ≥ 1.</param>
/// <param name="Tolerance">EM stops when no parameter (class prior, precision) moved more than this in one iteration, &gt; 0.</param>
/// <param name="MinVotesPerConfusionCell">For <see cref="DawidSkeneParameterization.Auto"/>: votes an LF needs per
/// confusion-matrix cell (K per label it votes) to get a matrix rather than one accuracy.</param>
public sealed record DawidSkeneOptions(
    DawidSkeneParameterization Parameterization = DawidSkeneParameterization.SymmetricAccuracy,
    double PriorVotes = 50,
    double PriorPrecision = 0.7,
    int MaxIterations = 100,
    double Tolerance = 1e-4,
    int MinVotesPerConfusionCell = 10)
{
    /// <summary>One accuracy per LF, a prior of 50 pseudo-votes at precision 0.7, up to 100 iterations, tolerance 1e-4
    /// (chosen on the WRENCH validation splits; see the README).</summary>
    public static DawidSkeneOptions Default { get; } = new();

    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    internal void Validate()
    {
        if (!Enum.IsDefined(Parameterization))
        {
            throw new ArgumentOutOfRangeException(nameof(Parameterization), Parameterization, "Not a known parameterization.");
        }
        if (!(PriorVotes > 0) || double.IsInfinity(PriorVotes))
        {
            throw new ArgumentOutOfRangeException(nameof(PriorVotes), PriorVotes, "The prior strength must be a positive number of votes.");
        }
        if (!(PriorPrecision > 0 && PriorPrecision < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(PriorPrecision), PriorPrecision, "The prior precision must be in (0, 1).");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        if (!(Tolerance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be positive.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(MinVotesPerConfusionCell, nameof(MinVotesPerConfusionCell));
    }
}
