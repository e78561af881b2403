namespace Annotate.Core.WeakSupervision;

/// <summary>How <see cref="DawidSkeneModel"/> describes each LF's errors.</summary>
public enum DawidSkeneParameterization
{
    /// <summary>
    /// One parameter per LF, its accuracy a = P(y = l | the LF votes l), the same for every label it votes; a wrong
    /// vote is spread over the other classes in proportion to the prior (so it says nothing about which other class it
    /// is). The default: on the WRENCH benchmarks it beats confusion matrices, whose extra parameters mostly fit the
    /// correlations between real LFs.
    /// </summary>
    SymmetricAccuracy,

    /// <summary>
    /// Per LF and label it votes, the full distribution of the true class given that vote, P(y | vote = l): K − 1 free
    /// parameters per label, so it can learn that an LF's "A" votes are often really "B" and rarely "C".
    /// </summary>
    ConfusionMatrix,

    /// <summary>
    /// Per LF: a confusion matrix when every label it votes has at least
    /// <see cref="DawidSkeneOptions.MinVotesPerConfusionCell"/> × K votes, one accuracy otherwise, so that sparse LFs
    /// get only the parameter their few votes can support.
    /// </summary>
    Auto,
}
