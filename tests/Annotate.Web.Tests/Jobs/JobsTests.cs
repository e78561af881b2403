using System.Net;
using System.Net.Http.Json;
using Annotate.Core.Jobs;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Statistics;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Jobs;

public abstract class JobsWebFactory(DatabaseProvider provider) : AnnotateWebFactory(provider)
{
    public HoldingJobHandler Holding { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<IJobHandler>(Holding);
        services.AddSingleton<IJobHandler, FailingJobHandler>();
    }
}

public sealed class SqliteJobsWebFactory() : JobsWebFactory(DatabaseProvider.Sqlite);

public sealed class PostgresJobsWebFactory() : JobsWebFactory(DatabaseProvider.Postgres);

/// <summary>The background job runner through the real app: progress, bounded concurrency, cancel, failure, restart.</summary>
public abstract class JobsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : JobsWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, ProjectDetail Project, AppUser Manager)> ProjectWithManagerAsync()
    {
        var admin = await factory.CreateUserAsync(admin: true);
        var manager = await factory.CreateUserAsync();
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var caller = AnnotateWebFactory.CallerOf(admin, admin: true);
        var project = await projects.CreateAsync(caller, new CreateProjectRequest($"Jobs {Guid.NewGuid():N}", null), Ct);
        await projects.SetMemberAsync(caller, project.Id, new SetMemberRequest(manager.Email!, ProjectRoles.Manager), Ct);
        return (await factory.SignInAsync(manager), project, manager);
    }

    private async Task<JobDto> EnqueueAsync(int projectId, string kind, AppUser user) =>
        await factory.Services.GetRequiredService<JobService>()
            .EnqueueAsync(AnnotateWebFactory.CallerOf(user), projectId, kind, null, ProjectRoles.Manager, Ct);

    private async Task<JobDto> GetJobAsync(HttpClient client, int projectId, long jobId) =>
        (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{jobId}", AnnotateJson.Options, Ct))!;

    private Task<JobDto> WaitForAsync(HttpClient client, int projectId, long jobId, Func<JobDto, bool> condition, string what) =>
        Eventually.ReturnsAsync(() => GetJobAsync(client, projectId, jobId), condition, what);

    [Fact]
    public async Task JobStatementsMayOutlastARequestsCommandTimeout()
    {
        factory.SkipWhenUnavailable();
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<AnnotateDbContext>>();
        await using var request = await dbFactory.CreateDbContextAsync(Ct);
        await using var job = await dbFactory.CreateForJobAsync(Ct);
        // A COPY of a million rows or a project-wide UPDATE in a job must not fail at the 30 s a web request gets.
        Assert.Equal((int)JobDatabase.CommandTimeout.TotalSeconds, job.Database.GetCommandTimeout());
        Assert.True(job.Database.GetCommandTimeout() > (request.Database.GetCommandTimeout() ?? 30));
    }

    [Fact]
    public async Task RecountCountsEveryItemAndStoresTheLengthHistogram()
    {
        factory.SkipWhenUnavailable();
        var (client, project, _) = await ProjectWithManagerAsync();
        var items = Enumerable.Range(0, 5_000).Select(i => new Item
        {
            Text = new string('x', i % 300),
            DuplicateOfId = i % 10 == 0 ? 1 : null,
            PiiFlags = i % 7 == 0 ? 1 : 0,
            Status = i % 50 == 0 ? ItemStatus.Filtered : ItemStatus.Active,
            TokenCount = 3,
        }).ToList();
        await ItemSeeder.SeedAsync(factory, project.Id, items);

        using var start = await client.PostAsync($"/api/projects/{project.Id}/statistics/recount", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var queued = (await start.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        var done = await WaitForAsync(client, project.Id, queued.Id, j => j.IsFinal, "the recount to finish");

        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(1.0, done.Progress);
        Assert.Equal(5_000, done.Processed);
        var stats = (await client.GetFromJsonAsync<ProjectStatisticsDto>($"/api/projects/{project.Id}/statistics", AnnotateJson.Options, Ct))!;
        Assert.Equal(5_000, stats.ItemCount);
        Assert.Equal(items.Count(i => i.DuplicateOfId is not null), stats.ExactDuplicateCount);
        Assert.Equal(items.Count(i => i.PiiFlags != 0), stats.ItemsWithPii);
        Assert.Equal(items.Count(i => i.Status == ItemStatus.Filtered), stats.FilteredItemCount);
        Assert.Equal(items.Sum(i => (long)i.Text.Length), stats.TotalCharacters);
        Assert.Equal(15_000, stats.TotalTokens);
        Assert.Equal(5_000, stats.LengthHistogram.Sum(b => b.Count));
        Assert.Equal(items.Count(i => i.Text.Length < 16), stats.LengthHistogram[0].Count);
    }

    [Fact]
    public async Task AnAnnotatorCannotStartARecount()
    {
        factory.SkipWhenUnavailable();
        var (_, project, manager) = await ProjectWithManagerAsync();
        var annotator = await factory.CreateUserAsync();
        await factory.Services.GetRequiredService<ProjectService>().SetMemberAsync(
            AnnotateWebFactory.CallerOf(manager), project.Id, new SetMemberRequest(annotator.Email!, ProjectRoles.Annotator), Ct);
        var client = await factory.SignInAsync(annotator);
        using var response = await client.PostAsync($"/api/projects/{project.Id}/statistics/recount", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task NoMoreJobsRunAtOnceThanTheConfiguredConcurrency()
    {
        factory.SkipWhenUnavailable();
        var (client, project, manager) = await ProjectWithManagerAsync();
        var jobs = new List<JobDto>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add(await EnqueueAsync(project.Id, HoldingJobHandler.JobKind, manager));
        }
        await WaitForAsync(client, project.Id, jobs[1].Id, j => j.Status == JobStatus.Running, "the second job to run");
        await WaitForAsync(client, project.Id, jobs[0].Id, j => j.Status == JobStatus.Running, "the first job to run");
        Assert.Equal(JobStatus.Queued, (await GetJobAsync(client, project.Id, jobs[2].Id)).Status);

        factory.Holding.Release(jobs[0].Id);
        await WaitForAsync(client, project.Id, jobs[2].Id, j => j.Status == JobStatus.Running, "the third job to take the free worker");
        factory.Holding.Release(jobs[1].Id);
        factory.Holding.Release(jobs[2].Id);
        foreach (var job in jobs)
        {
            var done = await WaitForAsync(client, project.Id, job.Id, j => j.IsFinal, "every job to finish");
            Assert.Equal(JobStatus.Succeeded, done.Status);
            Assert.Equal("Released", done.Message);
        }
    }

    [Fact]
    public async Task CancellingARunningJobStopsItAsCancelled()
    {
        factory.SkipWhenUnavailable();
        var (client, project, manager) = await ProjectWithManagerAsync();
        var job = await EnqueueAsync(project.Id, HoldingJobHandler.JobKind, manager);
        await WaitForAsync(client, project.Id, job.Id, j => j.Status == JobStatus.Running, "the job to run");

        using var cancel = await client.PostAsync($"/api/projects/{project.Id}/jobs/{job.Id}/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var done = await WaitForAsync(client, project.Id, job.Id, j => j.IsFinal, "the job to stop");
        Assert.Equal(JobStatus.Cancelled, done.Status);
        Assert.True(done.Progress < 1);
    }

    [Fact]
    public async Task ACancelledQueuedJobNeverRuns()
    {
        factory.SkipWhenUnavailable();
        var (client, project, manager) = await ProjectWithManagerAsync();
        var blockers = new[] { await EnqueueAsync(project.Id, HoldingJobHandler.JobKind, manager), await EnqueueAsync(project.Id, HoldingJobHandler.JobKind, manager) };
        foreach (var blocker in blockers)
        {
            await WaitForAsync(client, project.Id, blocker.Id, j => j.Status == JobStatus.Running, "both workers to be busy");
        }
        var waiting = await EnqueueAsync(project.Id, HoldingJobHandler.JobKind, manager);
        using var cancel = await client.PostAsync($"/api/projects/{project.Id}/jobs/{waiting.Id}/cancel", null, Ct);
        Assert.Equal(JobStatus.Cancelled, (await cancel.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!.Status);

        foreach (var blocker in blockers)
        {
            factory.Holding.Release(blocker.Id);
            await WaitForAsync(client, project.Id, blocker.Id, j => j.IsFinal, "the blockers to finish");
        }
        Assert.DoesNotContain(waiting.Id, factory.Holding.Started);
        Assert.Equal(JobStatus.Cancelled, (await GetJobAsync(client, project.Id, waiting.Id)).Status);
    }

    [Fact]
    public async Task AFailingJobIsMarkedFailedWithItsReason()
    {
        factory.SkipWhenUnavailable();
        var (client, project, manager) = await ProjectWithManagerAsync();
        var job = await EnqueueAsync(project.Id, FailingJobHandler.JobKind, manager);
        var done = await WaitForAsync(client, project.Id, job.Id, j => j.IsFinal, "the job to fail");
        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal("Row 17, field 'text': the value is empty.", done.Error);
    }

    [Fact]
    public async Task AtStartJobsLeftRunningAreInterruptedAndQueuedOnesRun()
    {
        factory.SkipWhenUnavailable();
        var (_, project, manager) = await ProjectWithManagerAsync();
        long running, queued;
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            // What a crash leaves behind: a job marked Running that no process runs, and one still Queued.
            var crashed = new Job { ProjectId = project.Id, Kind = StatisticsRecountJob.JobKind, Status = JobStatus.Running, CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow, CreatedById = manager.Id };
            var waiting = new Job { ProjectId = project.Id, Kind = StatisticsRecountJob.JobKind, Status = JobStatus.Queued, CreatedAt = DateTime.UtcNow, CreatedById = manager.Id };
            db.Jobs.AddRange(crashed, waiting);
            await db.SaveChangesAsync(Ct);
            (running, queued) = (crashed.Id, waiting.Id);
        }

        await using var restarted = factory.Provider == DatabaseProvider.Sqlite ? (AnnotateWebFactory)new SqliteWebFactory() : new PostgresWebFactory();
        restarted.UseStoreOf(factory);
        await restarted.InitializeAsync();
        var client = await restarted.SignInAsync(manager);
        var interrupted = await WaitForAsync(client, project.Id, running, j => j.IsFinal, "the crashed job to be marked");
        Assert.Equal(JobStatus.Interrupted, interrupted.Status);
        var resumed = await WaitForAsync(client, project.Id, queued, j => j.IsFinal, "the queued job to run after the restart");
        Assert.Equal(JobStatus.Succeeded, resumed.Status);
    }
}

public sealed class SqliteJobsTests(SqliteJobsWebFactory factory) : JobsTests<SqliteJobsWebFactory>(factory);

public sealed class PostgresJobsTests(PostgresJobsWebFactory factory) : JobsTests<PostgresJobsWebFactory>(factory);
