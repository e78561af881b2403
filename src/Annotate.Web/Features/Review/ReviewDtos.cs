using Annotate.Core.Labeling;
using Annotate.Core.Review;
using Annotate.Data.Entities;

namespace Annotate.Web.Features.Review;

/// <summary>A project's review settings.</summary>
/// <param name="AgreementThreshold">Items whose agreement on a graded question (label sets, spans, ratings) is below this
/// (0 to 1) go to review; discrete questions go on any difference.</param>
/// <param name="GoldRate">The share of each annotator's items that are gold items, 0 to 0.5 (0 = gold items are held out of the queue).</param>
public sealed record ReviewSettings(double AgreementThreshold = 0.8, double GoldRate = 0);

/// <summary>An annotator's flag on an item they were given.</summary>
public sealed record FlagRequest(string? Reason = null);

/// <summary>A Manager or Reviewer sends an item to review by hand.</summary>
public sealed record SendToReviewRequest(string? Note = null);

/// <summary>Where an item stands after a flag or a manual send: its open task (the one just opened, or the one already there).</summary>
/// <param name="Opened">False when the item was already waiting for review.</param>
public sealed record ReviewTaskRef(long TaskId, long ItemId, ReviewReason Reason, bool Opened);

/// <summary>
/// A reviewer's decision: accept one annotation (<see cref="AnnotationId"/>, any version of any annotator of the item)
/// or give an answer (<see cref="Answer"/>, checked against the schema). Exactly one of the two.
/// </summary>
public sealed record ResolveRequest(long? AnnotationId = null, Answer? Answer = null);

/// <summary>Sends the item back to its annotators; the comment is what they read.</summary>
public sealed record SendBackRequest(string Comment);

public sealed record ReviewDecisionResult(long DecisionId, long TaskId, long ItemId, ReviewOutcome Outcome);

/// <summary>One annotator's answer as the reviewer sees it: the latest version, with how many there were.</summary>
/// <param name="Number">The key that picks it (1, 2, …) in the reviewer's workbench.</param>
public sealed record ReviewAnnotation(int Number, long AnnotationId, string AnnotatorId, string AnnotatorName, int Version, int Versions,
    DateTime CreatedAt, Answer Answer, AnnotationSource Source, bool Late, int? DurationMs);

public sealed record ReviewFlag(string UserName, string? Reason, DateTime CreatedAt);

/// <summary>The weak label of the item from the latest model run of a question.</summary>
/// <param name="Accepted">Its confidence reaches the run's auto-accept threshold.</param>
public sealed record WeakSuggestion(int RunId, string QuestionKey, string Model, string Label, double Confidence, bool Accepted);

/// <summary>A labeling function's vote on the item (the function's current version only).</summary>
public sealed record LfVoteView(string Function, int Version, string QuestionKey, string Label);

/// <summary>An earlier decision on the item.</summary>
public sealed record ReviewHistoryEntry(long DecisionId, ReviewOutcome Outcome, string ReviewerName, DateTime CreatedAt, Answer? Answer, string? Comment);

/// <summary>Everything a reviewer needs to decide one item.</summary>
public sealed record ReviewItem(
    long TaskId,
    long ItemId,
    string Text,
    IReadOnlyDictionary<string, string?> Metadata,
    ReviewReason Reason,
    string? Note,
    DateTime CreatedAt,
    DateTime? LeaseExpiresAt,
    int SchemaVersion,
    IReadOnlyList<ReviewAnnotation> Annotations,
    IReadOnlyList<QuestionAgreement> Agreement,
    IReadOnlyList<ReviewFlag> Flags,
    IReadOnlyList<WeakSuggestion> Weak,
    IReadOnlyList<LfVoteView> Votes,
    IReadOnlyList<ReviewHistoryEntry> History);

/// <summary>A row of the review queue's list.</summary>
public sealed record ReviewTaskRow(long TaskId, long ItemId, string Text, ReviewReason Reason, string? Note, ReviewTaskStatus Status,
    DateTime CreatedAt, string? LeasedBy, DateTime? ClosedAt);

/// <summary>The review queue in figures.</summary>
/// <param name="ResolvedToday">Tasks resolved or sent back since midnight UTC.</param>
public sealed record ReviewQueueSummary(int Open, int Leased, int ResolvedToday, int Resolved, int SentBack, IReadOnlyDictionary<ReviewReason, int> OpenByReason);

/// <summary>A reviewer's decision on an item the caller annotated.</summary>
/// <param name="Agreed">The caller's current answer is the final one (null when sent back).</param>
public sealed record FeedbackEntry(long ItemId, string Text, ReviewOutcome Outcome, bool? Agreed, string? Comment, string ReviewerName, DateTime DecidedAt,
    Answer? YourAnswer, Answer? FinalAnswer);

/// <summary>An item marked gold.</summary>
public sealed record GoldItemDto(long ItemId, string Text, Answer Answer, string SetBy, DateTime SetAt);

/// <summary>A Manager's known answer for an item.</summary>
public sealed record SetGoldRequest(Answer Answer);

/// <summary>One annotator's accuracy on the gold items they answered (their latest version of each).</summary>
/// <param name="Correct">Items where every question the gold answers was answered the same.</param>
/// <param name="Accuracy">Correct / Items; null when they answered no gold item.</param>
/// <param name="MeanScore">Mean of 1 − distance (<see cref="AnswerDistance.Score"/>): partial credit for near misses; null with no item.</param>
public sealed record GoldAccuracy(string AnnotatorId, string AnnotatorName, int Items, int Correct, double? Accuracy, double? MeanScore);
