namespace Annotate.Core.WeakSupervision;

/// <summary>Settings of <see cref="MajorityVoteModel"/>.</summary>
/// <param name="TieBreak">What to do when classes tie for the most votes (and with uncovered items).</param>
/// <param name="ClassPrior">The class prior to break ties with and to give uncovered items; <see langword="null"/>
/// estimates it from the fitted matrix (see <see cref="MajorityVoteModel"/>).</param>
public sealed record MajorityVoteOptions(TieBreak TieBreak = TieBreak.ClassPrior, IReadOnlyList<double>? ClassPrior = null)
{
    /// <summary>Ties go to the class prior, which is estimated.</summary>
    public static MajorityVoteOptions Default { get; } = new();
}
