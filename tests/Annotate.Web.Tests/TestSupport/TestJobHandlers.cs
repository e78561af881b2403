using System.Collections.Concurrent;
using Annotate.Web.Features.Jobs;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>
/// Job handlers that exist only in tests, to drive the runner deterministically: one holds its worker until the test
/// releases it (or the job is cancelled), one fails with a message.
/// </summary>
public sealed class HoldingJobHandler : IJobHandler
{
    public const string JobKind = "test.hold";

    private readonly ConcurrentDictionary<long, TaskCompletionSource> releases = new();

    public string Kind => JobKind;

    public string Title => "Test: hold until released";

    /// <summary>Ids of the jobs this handler has started, in order.</summary>
    public ConcurrentQueue<long> Started { get; } = new();

    public void Release(long jobId) => Gate(jobId).TrySetResult();

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        Started.Enqueue(context.JobId);
        await context.ReportAsync(1, 4, "steps", cancellationToken);
        await Gate(context.JobId).Task.WaitAsync(cancellationToken);
        await context.ReportAsync(4, 4, "steps", cancellationToken);
        return "Released";
    }

    private TaskCompletionSource Gate(long jobId) =>
        releases.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

public sealed class FailingJobHandler : IJobHandler
{
    public const string JobKind = "test.fail";

    public string Kind => JobKind;

    public string Title => "Test: fail";

    public Task<string> RunAsync(JobContext context, CancellationToken cancellationToken) =>
        throw new JobFailedException("Row 17, field 'text': the value is empty.");
}
