using Annotate.Core.Jobs;

namespace Annotate.Web.Features.Jobs;

public sealed record JobDto(
    long Id,
    int ProjectId,
    string Kind,
    string Title,
    JobStatus Status,
    double Progress,
    long Processed,
    long Total,
    string? Message,
    string? Error,
    string? CreatedBy,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    bool CancelRequested)
{
    public bool IsFinal => Status.IsFinal();
}
