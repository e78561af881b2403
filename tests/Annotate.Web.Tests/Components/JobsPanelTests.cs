using Annotate.Core.Jobs;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Components;

public class JobsPanelTests : ComponentTestContext
{
    private static JobDto Job(int projectId, long id, JobStatus status, double progress, string message) =>
        new(id, projectId, "statistics.recount", "Recount statistics", status, progress, (long)(progress * 100), 100, message,
            null, "m@example.test", DateTime.UtcNow, DateTime.UtcNow, status.IsFinal() ? DateTime.UtcNow : null, false);

    private async Task<Project> ProjectWithMemberAsync()
    {
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Live", (manager, ProjectRoles.Manager));
        SignIn(manager);
        return project;
    }

    [Fact]
    public async Task ShowsTheProjectsJobsFromTheStore()
    {
        var project = await ProjectWithMemberAsync();
        await using (var db = NewDb())
        {
            db.Jobs.Add(new Job { ProjectId = project.Id, Kind = "statistics.recount", Status = JobStatus.Succeeded, Progress = 1, Message = "Counted 3 items", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        }

        var cut = Render<JobsPanel>(p => p.Add(x => x.ProjectId, project.Id));

        cut.WaitForAssertion(() => Assert.Contains("Counted 3 items", cut.Find("[data-testid=job-message]").TextContent));
        Assert.Contains("Succeeded", cut.Find("[data-testid=job-status]").TextContent);
    }

    [Fact]
    public async Task ALiveUpdateThroughTheClientServiceMovesTheBar()
    {
        var project = await ProjectWithMemberAsync();
        var bus = Services.GetRequiredService<ProjectEventBus>();
        var cut = Render<JobsPanel>(p => p.Add(x => x.ProjectId, project.Id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=no-jobs]")));
        // The panel subscribes after its first render; wait until it has.
        cut.WaitForState(() => bus.SubscriberCount == 1);

        bus.Publish(new JobUpdated(Job(project.Id, 41, JobStatus.Running, 0.4, "40 of 100 items")));
        cut.WaitForAssertion(() => Assert.Equal("0.400", cut.Find("[data-testid=job-progress]").GetAttribute("data-progress")));
        Assert.Contains("40 of 100 items", cut.Find("[data-testid=job-message]").TextContent);

        bus.Publish(new JobUpdated(Job(project.Id, 41, JobStatus.Running, 0.8, "80 of 100 items")));
        cut.WaitForAssertion(() => Assert.Equal("0.800", cut.Find("[data-testid=job-progress]").GetAttribute("data-progress")));

        bus.Publish(new JobUpdated(Job(project.Id, 41, JobStatus.Succeeded, 1, "Counted 100 items")));
        cut.WaitForAssertion(() => Assert.Contains("Succeeded", cut.Find("[data-testid=job-status]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=job-cancel]"));
    }

    [Fact]
    public async Task UpdatesOfOtherProjectsAreNotShown()
    {
        var project = await ProjectWithMemberAsync();
        var bus = Services.GetRequiredService<ProjectEventBus>();
        var cut = Render<JobsPanel>(p => p.Add(x => x.ProjectId, project.Id));
        cut.WaitForState(() => bus.SubscriberCount == 1);

        bus.Publish(new JobUpdated(Job(project.Id + 1000, 7, JobStatus.Running, 0.5, "other project")));
        bus.Publish(new JobUpdated(Job(project.Id, 8, JobStatus.Running, 0.1, "this project")));

        cut.WaitForAssertion(() => Assert.Contains("this project", cut.Markup));
        Assert.DoesNotContain("other project", cut.Markup);
    }

    [Fact]
    public async Task DisposingThePanelUnsubscribes()
    {
        var project = await ProjectWithMemberAsync();
        var bus = Services.GetRequiredService<ProjectEventBus>();
        var cut = Render<JobsPanel>(p => p.Add(x => x.ProjectId, project.Id));
        cut.WaitForState(() => bus.SubscriberCount == 1);

        await DisposeComponentsAsync();

        Assert.Equal(0, bus.SubscriberCount);
    }

    [Fact]
    public async Task AJobPanelCatchesUpWithAJobThatFinishedBeforeItSubscribed()
    {
        // The page rendered the job while it ran; it finished (and published) before the panel subscribed, so no event
        // will come: the panel must read the stored state once it listens, not wait forever.
        var project = await ProjectWithMemberAsync();
        long jobId;
        await using (var db = NewDb())
        {
            var stored = new Job { ProjectId = project.Id, Kind = "statistics.recount", Status = JobStatus.Succeeded, Progress = 1, Message = "Counted 100 items", CreatedAt = DateTime.UtcNow };
            db.Jobs.Add(stored);
            await db.SaveChangesAsync(Ct);
            jobId = stored.Id;
        }
        JobDto? finished = null;

        var cut = Render<Annotate.Web.Features.Imports.ImportJobPanel>(p => p
            .Add(x => x.Job, Job(project.Id, jobId, JobStatus.Running, 0.4, "40 of 100 items"))
            .Add(x => x.Finished, (JobDto j) => finished = j));

        cut.WaitForAssertion(() => Assert.Contains("Counted 100 items", cut.Find("[data-testid=import-message]").TextContent));
        Assert.Equal("1.000", cut.Find("[data-testid=import-progress]").GetAttribute("data-progress"));
        Assert.Equal(JobStatus.Succeeded, finished?.Status);
    }

    [Fact]
    public async Task TheClientServiceRefusesANonMember()
    {
        var project = await AddProjectAsync("Closed");
        var outsider = await AddUserAsync("out@example.test");
        var client = Services.GetRequiredService<ProjectEventsClient>();
        await Assert.ThrowsAsync<NotFoundException>(() =>
            client.SubscribeAsync(new Caller(outsider.Id, false), project.Id, _ => Task.CompletedTask, Ct));
        Assert.Equal(0, Services.GetRequiredService<ProjectEventBus>().SubscriberCount);
    }
}
