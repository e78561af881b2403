using System.Collections.Concurrent;

namespace Annotate.Web.Features.Jobs;

/// <summary>The jobs running on this instance, so that a cancel can stop one at once (other instances see the flag in the store).</summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> running = new();

    internal void Add(long jobId, CancellationTokenSource cancellation) => running[jobId] = cancellation;

    internal void Remove(long jobId) => running.TryRemove(jobId, out _);

    /// <summary>Cancels the job if it runs on this instance; returns whether it did.</summary>
    public bool TryCancel(long jobId)
    {
        if (running.TryGetValue(jobId, out var cancellation))
        {
            cancellation.Cancel();
            return true;
        }
        return false;
    }
}
