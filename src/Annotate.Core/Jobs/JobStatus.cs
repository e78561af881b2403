namespace Annotate.Core.Jobs;

/// <summary>Where a background job is in its life. Succeeded, Failed, Cancelled and Interrupted are final.</summary>
public enum JobStatus
{
    Queued = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Cancelled = 4,

    /// <summary>The job was running when the app stopped; it did not finish and left no partial result.</summary>
    Interrupted = 5,
}

public static class JobStatusExtensions
{
    public static bool IsFinal(this JobStatus status) => status is JobStatus.Succeeded or JobStatus.Failed
        or JobStatus.Cancelled or JobStatus.Interrupted;
}
