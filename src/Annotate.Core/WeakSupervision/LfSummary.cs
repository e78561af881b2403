namespace Annotate.Core.WeakSupervision;

/// <summary>One row of the LF analysis table (Snorkel's <c>LFAnalysis.lf_summary</c> columns).</summary>
/// <param name="Lf">The LF's column in the matrix.</param>
/// <param name="Polarity">The classes it voted for, ascending (empty when it never voted).</param>
/// <param name="Coverage">Share of all items it voted on.</param>
/// <param name="Overlaps">Share of all items it voted on together with at least one other LF.</param>
/// <param name="Conflicts">Share of all items it voted on where the votes disagree (at least two different classes).</param>
/// <param name="Correct">Its votes equal to the true label, over the items whose true label is known; null without true labels.</param>
/// <param name="Incorrect">Its votes different from the true label, over the same items; null without true labels.</param>
/// <param name="EmpiricalAccuracy">Correct / (Correct + Incorrect); null when it voted on no item with a known label.</param>
/// <param name="LearnedAccuracy">The accuracy a label model learned for it (<see cref="ILabelModel.LfAccuracies"/>), if one was given.</param>
public sealed record LfSummary(
    int Lf,
    IReadOnlyList<int> Polarity,
    double Coverage,
    double Overlaps,
    double Conflicts,
    int? Correct,
    int? Incorrect,
    double? EmpiricalAccuracy,
    double? LearnedAccuracy);

/// <summary>The LF analysis of a label matrix: one <see cref="LfSummary"/> per LF and the totals of the LF set.</summary>
/// <param name="Lfs">Per LF, in column order.</param>
/// <param name="Items">Items in the matrix.</param>
/// <param name="CoveredItems">Items at least one LF voted on.</param>
/// <param name="OverlappingItems">Items at least two LFs voted on.</param>
/// <param name="ConflictingItems">Items with votes for at least two different classes.</param>
public sealed record LfAnalysisReport(IReadOnlyList<LfSummary> Lfs, int Items, int CoveredItems, int OverlappingItems, int ConflictingItems)
{
    /// <summary>Share of items the LF set covers (Snorkel's <c>label_coverage</c>); 0 for an empty matrix.</summary>
    public double Coverage => Items == 0 ? 0 : (double)CoveredItems / Items;

    /// <summary>Share of items with at least two votes (<c>label_overlap</c>).</summary>
    public double Overlap => Items == 0 ? 0 : (double)OverlappingItems / Items;

    /// <summary>Share of items with conflicting votes (<c>label_conflict</c>).</summary>
    public double Conflict => Items == 0 ? 0 : (double)ConflictingItems / Items;
}
