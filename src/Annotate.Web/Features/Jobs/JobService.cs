using System.Text.Json;
using Annotate.Core.Jobs;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Jobs;

/// <summary>Starting, listing and cancelling a project's background jobs.</summary>
public sealed class JobService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    JobQueue queue,
    RunningJobs running,
    JobHandlers handlers,
    ProjectEventBus bus,
    TimeProvider time)
{
    /// <summary>Queues a job of <paramref name="kind"/>; the caller needs one of <paramref name="requiredRoles"/>.</summary>
    /// <exception cref="InputException">No handler runs that kind.</exception>
    public async Task<JobDto> EnqueueAsync(Caller caller, int projectId, string kind, object? parameters,
        ProjectRoles requiredRoles, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, requiredRoles, cancellationToken);
        return await EnqueueSystemAsync(projectId, kind, parameters, caller.UserId, cancellationToken);
    }

    /// <summary>
    /// Queues a follow-up job on behalf of the app itself (an import queues its recount). No rights are checked: call
    /// it only from code that has already checked them.
    /// </summary>
    /// <exception cref="InputException">No handler runs that kind.</exception>
    internal async Task<JobDto> EnqueueSystemAsync(int projectId, string kind, object? parameters, string? createdById, CancellationToken cancellationToken)
    {
        if (!handlers.Exists(kind))
        {
            throw new InputException("Kind", $"There is no job kind '{kind}'.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = new Job
        {
            ProjectId = projectId,
            Kind = kind,
            Status = JobStatus.Queued,
            Message = "Waiting for a free worker",
            ParametersJson = parameters is null ? null : JsonSerializer.Serialize(parameters, JsonSerializerOptions.Web),
            CreatedById = createdById,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        var dto = await GetDtoAsync(db, job.Id, cancellationToken);
        bus.Publish(new JobUpdated(dto));
        queue.Enqueue(job.Id);
        return dto;
    }

    /// <summary>The project's most recent jobs, newest first.</summary>
    public async Task<IReadOnlyList<JobDto>> ListAsync(Caller caller, int projectId, int take, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Rows(db.Jobs.Where(j => j.ProjectId == projectId).OrderByDescending(j => j.Id).Take(Math.Clamp(take, 1, 500)))
            .ToListAsync(cancellationToken);
        return [.. rows.Select(handlers.ToDto)];
    }

    /// <exception cref="NotFoundException">No such job in that project.</exception>
    public async Task<JobDto> GetAsync(Caller caller, int projectId, long jobId, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await Rows(db.Jobs.Where(j => j.Id == jobId && j.ProjectId == projectId)).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Job {jobId} does not exist in this project.");
        return handlers.ToDto(row);
    }

    /// <summary>
    /// Cancels a job: a queued one at once; a running one at its next progress report, leaving the store as it was
    /// before the job. A finished job is left as it is.
    /// </summary>
    public async Task<JobDto> CancelAsync(Caller caller, int projectId, long jobId, CancellationToken cancellationToken)
    {
        var job = await GetAsync(caller, projectId, jobId, cancellationToken);
        var roles = await access.GetRolesAsync(caller, projectId, cancellationToken);
        if (!roles.Includes(ProjectRoles.Manager) && job.CreatedBy != caller.UserId)
        {
            throw new ForbiddenException("Only a Manager or the person who started a job may cancel it.");
        }
        if (job.IsFinal)
        {
            return job;
        }
        // A job running here stops at once (and releases any write lock it holds) before the flag is written.
        var stoppedHere = running.TryCancel(jobId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var cancelledWhileQueued = stoppedHere ? 0 : await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Queued)
            .ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, JobStatus.Cancelled)
                .SetProperty(j => j.CancelRequested, true)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.Message, "Cancelled before it started"), cancellationToken);
        if (cancelledWhileQueued == 0)
        {
            // Read by runners on other instances at their next progress report.
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(u => u.SetProperty(j => j.CancelRequested, true), cancellationToken);
        }
        var dto = await GetDtoAsync(db, jobId, cancellationToken);
        bus.Publish(new JobUpdated(dto));
        return dto;
    }

    private async Task<JobDto> GetDtoAsync(AnnotateDbContext db, long jobId, CancellationToken cancellationToken) =>
        handlers.ToDto(await Rows(db.Jobs.Where(j => j.Id == jobId)).SingleAsync(cancellationToken));

    /// <summary>Projects already filtered jobs for display (filter first: the record constructor cannot be filtered on).</summary>
    private static IQueryable<JobRow> Rows(IQueryable<Job> jobs) => jobs.AsNoTracking().Select(j => new JobRow(
        j.Id, j.ProjectId, j.Kind, j.Status, j.Progress, j.Processed, j.Total, j.Message, j.Error,
        j.CreatedById, j.CreatedBy != null ? j.CreatedBy.Email : null, j.CreatedAt, j.StartedAt, j.FinishedAt, j.CancelRequested));
}

/// <summary>A job as read for display, with the starter's e-mail.</summary>
public sealed record JobRow(
    long Id, int ProjectId, string Kind, JobStatus Status, double Progress, long Processed, long Total, string? Message,
    string? Error, string? CreatedById, string? CreatedByEmail, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt,
    bool CancelRequested);
