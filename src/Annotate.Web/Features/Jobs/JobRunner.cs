using Annotate.Core.Jobs;
using Annotate.Data;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Annotate.Web.Features.Jobs;

/// <summary>
/// Runs queued jobs with bounded concurrency (<see cref="AnnotateOptions.JobConcurrency"/> workers). A job is claimed
/// by moving it from Queued to Running in the store, so two workers (or two instances) never run the same job.
/// At start, jobs left Running by a previous process are marked Interrupted and queued ones are picked up again.
/// </summary>
public sealed class JobRunner(
    JobQueue queue,
    JobHandlers handlers,
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectEventBus bus,
    IOptions<AnnotateOptions> options,
    TimeProvider time,
    RunningJobs running,
    ILogger<JobRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        var workers = Enumerable.Range(0, options.Value.JobConcurrency).Select(_ => WorkAsync(stoppingToken));
        await Task.WhenAll(workers);
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var interrupted = await db.Jobs.Where(j => j.Status == JobStatus.Running).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.Status, JobStatus.Interrupted)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.Message, "Interrupted: the app stopped while this job ran. Start it again."), cancellationToken);
        if (interrupted > 0)
        {
            logger.LogWarning("Marked {Count} job(s) left running by a previous process as Interrupted", interrupted);
        }
        var queued = await db.Jobs.Where(j => j.Status == JobStatus.Queued).OrderBy(j => j.Id).Select(j => j.Id).ToListAsync(cancellationToken);
        queued.ForEach(queue.Enqueue);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var jobId in queue.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await RunAsync(jobId, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Job {JobId} could not be run", jobId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(long jobId, CancellationToken stoppingToken)
    {
        // Registered before the claim, so that a cancel arriving the moment the job starts always finds it.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        running.Add(jobId, cts);
        try
        {
            await RunClaimedAsync(jobId, cts, stoppingToken);
        }
        finally
        {
            running.Remove(jobId);
        }
    }

    private async Task RunClaimedAsync(long jobId, CancellationTokenSource cts, CancellationToken stoppingToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        var started = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Queued && !j.CancelRequested)
            .ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, JobStatus.Running)
                .SetProperty(j => j.StartedAt, started)
                .SetProperty(j => j.Message, "Starting"), stoppingToken);
        if (claimed == 0)
        {
            return;
        }
        var job = await db.Jobs.AsNoTracking().Include(j => j.CreatedBy).SingleAsync(j => j.Id == jobId, stoppingToken);
        var dto = handlers.ToDto(job, job.CreatedBy?.Email);
        bus.Publish(new JobUpdated(dto));

        var context = new JobContext(dto, job.CreatedById, job.ParametersJson, dbFactory, d => bus.Publish(new JobUpdated(d)), cts);
        JobStatus status;
        string? message;
        string? error = null;
        try
        {
            var handler = handlers.Find(job.Kind) ?? throw new JobFailedException($"This version of Annotate cannot run jobs of kind '{job.Kind}'.");
            message = await handler.RunAsync(context, cts.Token);
            status = JobStatus.Succeeded;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            status = stoppingToken.IsCancellationRequested ? JobStatus.Interrupted : JobStatus.Cancelled;
            message = status == JobStatus.Cancelled ? "Cancelled; nothing was changed" : "Interrupted: the app stopped while this job ran";
        }
        catch (JobFailedException e)
        {
            status = JobStatus.Failed;
            message = "Failed";
            error = e.Message;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {JobId} ({Kind}) failed", jobId, job.Kind);
            status = JobStatus.Failed;
            message = "Failed";
            error = $"Unexpected error: {e.Message}";
        }

        var finished = time.GetUtcNow().UtcDateTime;
        var last = context.State;
        var progress = status == JobStatus.Succeeded ? 1.0 : last.Progress;
        // A failed job may leave a result too (the report of the rows it rejected).
        var resultJson = context.Result is null ? null : System.Text.Json.JsonSerializer.Serialize(context.Result, System.Text.Json.JsonSerializerOptions.Web);
        // Written with a fresh token: the final state must land even when the app is stopping.
        await using var final = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await final.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.Status, status)
            .SetProperty(j => j.Progress, progress)
            .SetProperty(j => j.Processed, last.Processed)
            .SetProperty(j => j.Total, last.Total)
            .SetProperty(j => j.Message, message)
            .SetProperty(j => j.Error, error)
            .SetProperty(j => j.ResultJson, resultJson)
            .SetProperty(j => j.FinishedAt, finished), CancellationToken.None);
        bus.Publish(new JobUpdated(last with
        {
            Status = status,
            Progress = progress,
            Message = message,
            Error = error,
            FinishedAt = finished,
        }));
    }
}
