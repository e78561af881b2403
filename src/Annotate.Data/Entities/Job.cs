using Annotate.Core.Jobs;

namespace Annotate.Data.Entities;

/// <summary>A unit of background work (import, clean, apply labeling functions, export, recount) of one project.</summary>
public class Job
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    /// <summary>Which handler runs it, e.g. <c>statistics.recount</c>.</summary>
    public required string Kind { get; set; }

    public JobStatus Status { get; set; }

    /// <summary>0 to 1.</summary>
    public double Progress { get; set; }

    public long Processed { get; set; }

    public long Total { get; set; }

    public string? Message { get; set; }

    /// <summary>Why it failed, in words a user can act on.</summary>
    public string? Error { get; set; }

    public string? ParametersJson { get; set; }

    public string? ResultJson { get; set; }

    public bool CancelRequested { get; set; }

    public string? CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public Project? Project { get; set; }

    public AppUser? CreatedBy { get; set; }
}
