namespace Annotate.Data.Entities;

/// <summary>
/// The unit of labeling: one text with where it came from. Items are never hard-deleted once annotated;
/// cleaning marks them (duplicate pointer, near-duplicate group, filtered status) instead.
/// </summary>
public class Item
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    /// <summary>The id the item had in its source, if any.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The cleaned text annotators see.</summary>
    public required string Text { get; set; }

    /// <summary>The text before cleaning or masking, kept only where the project's settings say so.</summary>
    public string? OriginalText { get; set; }

    /// <summary>Metadata fields as a JSON object.</summary>
    public string? MetadataJson { get; set; }

    /// <summary>file, url, sql or s3.</summary>
    public string? SourceKind { get; set; }

    /// <summary>File name, URL, query name or object key.</summary>
    public string? SourceName { get; set; }

    /// <summary>1-based row number within the source, where it has rows.</summary>
    public long? SourceRow { get; set; }

    /// <summary>Items sharing a group key never land in different splits.</summary>
    public string? GroupKey { get; set; }

    public DateTime? Timestamp { get; set; }

    /// <summary>Hash of the normalised text, for exact-duplicate detection.</summary>
    public string? ContentHash { get; set; }

    /// <summary>The label(s) the item arrived with, as imported (text, or a JSON array for several).</summary>
    public string? SourceLabel { get; set; }

    /// <summary>The first item with the same normalised text; set on the later copies only.</summary>
    public long? DuplicateOfId { get; set; }

    /// <summary>The representative item of the near-duplicate group this item belongs to (its own id if it is the representative).</summary>
    public long? NearDuplicateGroupId { get; set; }

    /// <summary>A person took this item out of its near-duplicate group; regrouping leaves it out.</summary>
    public bool NearDuplicateExcluded { get; set; }

    /// <summary>Bit set of the PII kinds found in the text.</summary>
    public int PiiFlags { get; set; }

    public int? TokenCount { get; set; }

    public ItemStatus Status { get; set; }

    public long? ImportJobId { get; set; }

    /// <summary>How many annotators have submitted an answer (kept in step with submissions; orders the queue).</summary>
    public int SubmittedCount { get; set; }

    public DateTime CreatedAt { get; set; }

    public Project? Project { get; set; }
}

public enum ItemStatus
{
    Active = 0,

    /// <summary>Excluded by a cleaning rule (length, PII drop); kept for traceability.</summary>
    Filtered = 1,
}
