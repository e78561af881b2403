namespace Annotate.Core.Review;

/// <summary>Why an item was sent to the review queue.</summary>
public enum ReviewReason
{
    /// <summary>Its annotators gave different answers to a question with discrete answers (one label, a pairwise choice, a text).</summary>
    Disagreement = 0,

    /// <summary>Its annotators' agreement on a graded question (several labels, spans, a rating) fell below the project's threshold.</summary>
    LowAgreement = 1,

    /// <summary>An annotator flagged it.</summary>
    Flagged = 2,

    /// <summary>Its weak label was accepted automatically with a confidence below the project's review threshold.</summary>
    WeakBelowThreshold = 3,

    /// <summary>A Manager or Reviewer sent it by hand.</summary>
    Manual = 4,
}
