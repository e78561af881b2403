namespace Annotate.Data.Entities;

/// <summary>
/// One saved version of a project's label schema (questions, labels, guidelines) as JSON. Saving inserts a new version;
/// the project's schema is its highest version. Annotations record the version they answered.
/// </summary>
public class LabelSchemaVersion
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    public int Version { get; set; }

    /// <summary>The <c>Annotate.Core.Labeling.LabelSchema</c> as JSON.</summary>
    public required string DefinitionJson { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedById { get; set; }
}

public enum AssignmentStatus
{
    /// <summary>Handed out and reserved for the annotator until the lease expires (an expired lease frees the slot).</summary>
    Leased = 0,

    /// <summary>The annotator answered (later edits add annotation versions, the assignment stays submitted).</summary>
    Submitted = 1,

    /// <summary>The annotator skipped it; the slot is free for others.</summary>
    Skipped = 2,
}

/// <summary>
/// An item handed to one annotator: at most one per (item, annotator), enforced by a unique index, so nobody receives
/// the same item twice. Open leases plus submissions never exceed the project's overlap when items are handed out.
/// </summary>
public class Assignment
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    public long ItemId { get; set; }

    public required string AnnotatorId { get; set; }

    public AssignmentStatus Status { get; set; }

    public DateTime LeasedAt { get; set; }

    /// <summary>The lease holds until then; renewed while the annotator works on the item.</summary>
    public DateTime ExpiresAt { get; set; }

    public DateTime? SubmittedAt { get; set; }

    public string? SkipReason { get; set; }

    /// <summary>The submission arrived after the lease had expired; it is kept, and the item may exceed its overlap.</summary>
    public bool Late { get; set; }

    public Item? Item { get; set; }
}

public enum AnnotationSource
{
    Human = 0,

    /// <summary>
    /// Reserved for a weak label stored as an annotation. Not written: an annotator who keeps a suggestion gives a
    /// <see cref="Human"/> answer with <see cref="Annotation.SuggestionRunId"/> set, and labels accepted by the
    /// auto-accept threshold are derived from their run (<c>WeakLabelRun.AcceptThreshold</c>), not copied here.
    /// </summary>
    WeakAccepted = 1,

    /// <summary>Written by a reviewer resolving a conflict.</summary>
    Review = 2,
}

/// <summary>
/// One version of one person's answer for one item. Append-only: an edit inserts the next version; no row is ever
/// updated or deleted (the context refuses to save such a change). The current answer is the highest version.
/// </summary>
public class Annotation
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    public long ItemId { get; set; }

    public required string AnnotatorId { get; set; }

    public long? AssignmentId { get; set; }

    /// <summary>1 for the first answer, then 2, 3, … for each change.</summary>
    public int Version { get; set; }

    /// <summary>The schema version the answer was given under.</summary>
    public int SchemaVersion { get; set; }

    /// <summary>The <c>Annotate.Core.Labeling.Answer</c> as JSON.</summary>
    public required string AnswerJson { get; set; }

    public AnnotationSource Source { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>How long the annotator worked on this version, as the workbench measured it.</summary>
    public int? DurationMs { get; set; }

    /// <summary>Submitted after the lease expired (kept, never dropped).</summary>
    public bool Late { get; set; }

    /// <summary>
    /// The label-model run whose suggestion the annotator kept unchanged (pressed Enter on the pre-selected weak label);
    /// null when the answer was chosen by hand or no suggestion was shown.
    /// </summary>
    public int? SuggestionRunId { get; set; }
}
