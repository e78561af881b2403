using Annotate.Core.Review;

namespace Annotate.Data.Entities;

public enum ReviewTaskStatus
{
    /// <summary>Waiting for a reviewer (or leased to one).</summary>
    Open = 0,

    /// <summary>A reviewer decided the item's final label.</summary>
    Resolved = 1,

    /// <summary>A reviewer sent it back to its annotators with a comment; a changed answer may route it again.</summary>
    SentBack = 2,
}

/// <summary>
/// One item's stay in the review queue: why it came, and where it stands. At most one task per item is open (a filtered
/// unique index); a later reason while it is open is recorded elsewhere (a flag) and shown to the reviewer. A reviewer
/// holds a task under a lease while they work on it, like annotators hold items.
/// </summary>
public class ReviewTask
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    public long ItemId { get; set; }

    public ReviewReason Reason { get; set; }

    /// <summary>What the routing saw ("'sentiment': the 3 answers differ"), a flag's or a Manager's words.</summary>
    public string? Note { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Who sent it (a flag, by hand); null when the routing rule did.</summary>
    public string? CreatedById { get; set; }

    public ReviewTaskStatus Status { get; set; }

    /// <summary>The reviewer holding it, while <see cref="LeaseExpiresAt"/> is ahead.</summary>
    public string? LeasedById { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public Item? Item { get; set; }
}

public enum ReviewOutcome
{
    /// <summary>The reviewer accepted one annotation as it was.</summary>
    Accepted = 0,

    /// <summary>The reviewer chose or wrote another answer.</summary>
    NewAnswer = 1,

    /// <summary>The reviewer sent the item back to its annotators with a comment.</summary>
    SentBack = 2,
}

/// <summary>
/// What a reviewer decided about an item. Append-only (the context refuses to change or delete one): a later decision on
/// the same item is a new row, and the latest resolving decision is the item's final label. Annotations are never
/// touched; the decision points at the one it accepted and copies its answer.
/// </summary>
public class ReviewDecision
{
    public long Id { get; set; }

    public long TaskId { get; set; }

    public int ProjectId { get; set; }

    public long ItemId { get; set; }

    public ReviewOutcome Outcome { get; set; }

    /// <summary>The annotation (a specific version) accepted; null otherwise.</summary>
    public long? AcceptedAnnotationId { get; set; }

    /// <summary>The final answer (<c>Annotate.Core.Labeling.Answer</c> JSON); null when sent back.</summary>
    public string? AnswerJson { get; set; }

    /// <summary>The reviewer's words to the annotators (required when sending back).</summary>
    public string? Comment { get; set; }

    public required string ReviewerId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The schema version the answer was given under.</summary>
    public int SchemaVersion { get; set; }
}

/// <summary>
/// An item with a known answer, mixed into annotators' queues unannounced to measure their accuracy. One per item; a
/// Manager may change or remove it.
/// </summary>
public class GoldItem
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    public long ItemId { get; set; }

    /// <summary>The known answer (<c>Annotate.Core.Labeling.Answer</c> JSON); only the questions it answers are scored.</summary>
    public required string AnswerJson { get; set; }

    public int SchemaVersion { get; set; }

    public required string SetById { get; set; }

    public DateTime SetAt { get; set; }
}

/// <summary>An annotator's flag on an item they were given ("the text is cut off", "none of the labels fit"). Append-only.</summary>
public class ItemFlag
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    public long ItemId { get; set; }

    public required string UserId { get; set; }

    public string? Reason { get; set; }

    public DateTime CreatedAt { get; set; }
}
