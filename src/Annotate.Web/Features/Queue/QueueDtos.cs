using Annotate.Core.Labeling;

namespace Annotate.Web.Features.Queue;

/// <summary>How a project's queue hands out items.</summary>
/// <param name="Overlap">Annotations required per item (k), 1 to 20.</param>
/// <param name="LeaseMinutes">How long an item handed out stays reserved, 1 to 1,440 minutes.</param>
/// <param name="OrderField">The metadata field of <see cref="QueueOrder.MetadataField"/> (see <see cref="MetadataFieldOrder"/> for the rule).</param>
/// <param name="Descending">The by-field order runs from the largest value down; missing values stay last.</param>
public sealed record QueueSettings(int Overlap = 1, int LeaseMinutes = 30, QueueOrder Order = QueueOrder.LeastAnnotated, int Seed = 0,
    string? OrderField = null, bool Descending = false);

/// <summary>An item handed to the caller, with their current answer when they have one (going back, or a skipped item).</summary>
/// <param name="Suggestions">The label model's suggestions for the item's single-choice questions (empty when the
/// project hides them or no model has been fitted).</param>
public sealed record QueueItem(
    long ItemId,
    string Text,
    IReadOnlyDictionary<string, string?> Metadata,
    DateTime LeaseExpiresAt,
    int SchemaVersion,
    Answer? CurrentAnswer,
    int CurrentVersion,
    IReadOnlyList<WeakSuggestion>? Suggestions = null);

/// <summary>The label model's weak label for one question of an item.</summary>
/// <param name="RunId">The label-model run it comes from (sent back when the annotator keeps it).</param>
/// <param name="Accepted">Its confidence reaches the auto-accept threshold of its run.</param>
public sealed record WeakSuggestion(string QuestionKey, string Label, double Confidence, int RunId, bool Accepted = false);

/// <summary>What the annotator sends for an item.</summary>
/// <param name="DurationMs">How long they worked on it, as the client measured.</param>
/// <param name="SuggestionRunId">The run whose pre-selected suggestion the annotator kept unchanged; recorded only when
/// the answer really equals that run's weak label for the item.</param>
public sealed record SubmitRequest(Answer Answer, int? DurationMs = null, int? SuggestionRunId = null);

public sealed record SkipRequest(string? Reason = null);

/// <summary>The outcome of a submission.</summary>
/// <param name="Late">The lease had expired: the answer is kept, and the item may now have more than k answers.</param>
public sealed record SubmitResult(long ItemId, int Version, bool Late);

/// <summary>One item of the caller's history, newest first, with their current answer.</summary>
public sealed record HistoryEntry(long ItemId, string Text, Answer? Answer, int Version, string Status, DateTime? SubmittedAt, string? SkipReason);

/// <summary>One version of an answer, with who gave it and when.</summary>
public sealed record AnnotationVersion(long Id, int Version, Answer Answer, string AnnotatorId, DateTime CreatedAt, int SchemaVersion, bool Late, int? DurationMs);

/// <summary>The annotator's own counts and the project's remaining work.</summary>
/// <param name="Remaining">Items that still need annotations (fewer than <paramref name="Overlap"/> submitted).</param>
public sealed record QueueProgress(int MineToday, int MineTotal, int Remaining, int Items, int Overlap);
