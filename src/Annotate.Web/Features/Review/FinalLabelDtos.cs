using Annotate.Core.Labeling;

namespace Annotate.Web.Features.Review;

/// <summary>Where an item's final label comes from, strongest first.</summary>
public enum FinalLabelSource
{
    /// <summary>No label: nobody answered, and no weak label was accepted.</summary>
    None = 0,

    /// <summary>Annotators answered but do not agree, and no reviewer has decided yet.</summary>
    Unresolved = 1,

    /// <summary>A weak label accepted automatically (the latest model run of its question, some function voted, confidence at or above the run's threshold).</summary>
    Weak = 2,

    /// <summary>The one annotator's answer.</summary>
    Single = 3,

    /// <summary>What several annotators agree on (<see cref="Annotate.Core.Review.AnswerConsensus"/>).</summary>
    Consensus = 4,

    /// <summary>A reviewer's decision (the latest one that resolved the item).</summary>
    Review = 5,

    /// <summary>The item is gold: its known answer.</summary>
    Gold = 6,
}

/// <summary>Which items a final-label listing covers.</summary>
/// <param name="IncludeUnlabeled">Also list items without a label (<see cref="FinalLabelSource.None"/> and <see cref="FinalLabelSource.Unresolved"/>).</param>
/// <param name="IncludeFiltered">Also list items a cleaning rule filtered out.</param>
/// <param name="IncludeDuplicates">Also list exact duplicates of other items.</param>
public sealed record FinalLabelOptions(bool IncludeUnlabeled = false, bool IncludeFiltered = false, bool IncludeDuplicates = false);

/// <summary>
/// An item's final label with its provenance. Priority: gold answer, then the latest review decision, then the consensus
/// of several annotators, then a single annotator's answer, then an automatically accepted weak label.
/// </summary>
/// <param name="Answer">The label; null for <see cref="FinalLabelSource.None"/> and <see cref="FinalLabelSource.Unresolved"/>.</param>
/// <param name="Annotators">How many annotators answered the item (their latest versions count).</param>
/// <param name="Overlap">The project's k: with <paramref name="Annotators"/> ≥ k the item has all its answers.</param>
/// <param name="InReview">The item waits in the review queue now (its label may still change).</param>
/// <param name="DecisionId">The review decision, for <see cref="FinalLabelSource.Review"/>.</param>
/// <param name="ReviewerId">Who decided, for <see cref="FinalLabelSource.Review"/>.</param>
/// <param name="DecidedAt">When, for <see cref="FinalLabelSource.Review"/>.</param>
/// <param name="AnnotationId">The annotation the label is: the one a reviewer accepted, or the single annotator's.</param>
/// <param name="WeakRunIds">The model runs of the weak label's questions, for <see cref="FinalLabelSource.Weak"/>.</param>
/// <param name="WeakConfidence">The lowest confidence among them, for <see cref="FinalLabelSource.Weak"/>.</param>
public sealed record FinalLabel(
    long ItemId,
    Answer? Answer,
    FinalLabelSource Source,
    int Annotators,
    int Overlap,
    bool InReview,
    long? DecisionId = null,
    string? ReviewerId = null,
    DateTime? DecidedAt = null,
    long? AnnotationId = null,
    IReadOnlyList<int>? WeakRunIds = null,
    double? WeakConfidence = null);

/// <summary>One page of final labels in item id order.</summary>
/// <param name="NextAfterItemId">Pass it as <c>afterItemId</c> for the next page; null at the end.</param>
public sealed record FinalLabelPage(IReadOnlyList<FinalLabel> Labels, long? NextAfterItemId);
