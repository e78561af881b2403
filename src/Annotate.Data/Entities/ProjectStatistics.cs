namespace Annotate.Data.Entities;

/// <summary>Counts over a project's items, recomputed by the statistics recount job.</summary>
public class ProjectStatistics
{
    public int ProjectId { get; set; }

    public long ItemCount { get; set; }

    public long ActiveItemCount { get; set; }

    public long FilteredItemCount { get; set; }

    /// <summary>Active items that are not exact copies of another: what can become training examples.</summary>
    public long UsableItemCount { get; set; }

    public long ExactDuplicateCount { get; set; }

    public long NearDuplicateGroupedCount { get; set; }

    public long NearDuplicateGroupCount { get; set; }

    public long ItemsWithPii { get; set; }

    /// <summary>Items per PII kind, as a JSON object (kind name → count).</summary>
    public string PiiCountsJson { get; set; } = "{}";

    /// <summary>Items per imported label, as a JSON object (label → count).</summary>
    public string LabelCountsJson { get; set; } = "{}";

    public long TotalCharacters { get; set; }

    public long TotalTokens { get; set; }

    /// <summary>Counts per bucket of <c>LengthHistogram</c>, as a JSON array.</summary>
    public string LengthHistogramJson { get; set; } = "[]";

    public int MemberCount { get; set; }

    public DateTime ComputedAt { get; set; }

    public long? JobId { get; set; }
}
