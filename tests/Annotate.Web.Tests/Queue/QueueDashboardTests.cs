using System.Net;
using System.Net.Http.Json;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.Queue.Dashboard;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Queue;

/// <summary>The Manager's dashboard after a known sequence of submissions, skips, changes and a late answer.</summary>
public abstract class QueueDashboardTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private QueueService Queue => factory.Services.GetRequiredService<QueueService>();

    private QueueDashboardService Dashboard => factory.Services.GetRequiredService<QueueDashboardService>();

    [Fact]
    public async Task TheFiguresFollowKnownSubmissionsSkipsChangesAndALateAnswer()
    {
        factory.SkipWhenUnavailable();
        var p = await ProjectAsync();
        var (a, b) = (p.A, p.B);

        // A answers three items (timed 1 s, 3 s, 2 s), changes one answer (a new version, not a new item), skips the fourth.
        var a1 = await NextAsync(a, p.Id);
        await SubmitAsync(a, p.Id, a1, 1000);
        var a2 = await NextAsync(a, p.Id);
        await SubmitAsync(a, p.Id, a2, 3000);
        var a3 = await NextAsync(a, p.Id);
        await SubmitAsync(a, p.Id, a3, 2000);
        await SubmitAsync(a, p.Id, a3, 60_000);
        var a4 = await NextAsync(a, p.Id);
        await Queue.SkipAsync(a, p.Id, a4, new SkipRequest("unsure"), Ct);

        // B answers the skipped item (4 s) and one of A's (1 s), then holds a third.
        var b1 = await NextAsync(b, p.Id);
        Assert.Equal(a4, b1);
        await SubmitAsync(b, p.Id, b1, 4000);
        var b2 = await NextAsync(b, p.Id);
        await SubmitAsync(b, p.Id, b2, 1000);
        var b3 = await NextAsync(b, p.Id);
        // Least-annotated first: B got the item A skipped, then A's first and second items.
        Assert.Equal((a1, a2), (b2, b3));

        var dashboard = await Dashboard.GetAsync(p.Manager, p.Id, Ct);
        // 4 queue items (the duplicate and the filtered item are not handed out); k = 2, so only b2 is complete.
        Assert.Equal((2, 4L, 1L, 3L, 1, 5, 0), (dashboard.Overlap, dashboard.ItemsInQueue, dashboard.Completed, dashboard.Remaining,
            dashboard.InProgress, dashboard.SubmittedLastHour, dashboard.LateSubmissions));
        var rowA = Row(dashboard, p.EmailA);
        var rowB = Row(dashboard, p.EmailB);
        Assert.Equal((true, 3, 3, 3, (double?)2.0, 1), (rowA.LabelingNow, rowA.SubmittedToday, rowA.SubmittedTotal, rowA.ItemsPerHour, rowA.MedianSeconds, rowA.Skips));
        Assert.Equal((true, 2, 2, 2, (double?)2.5, 0), (rowB.LabelingNow, rowB.SubmittedToday, rowB.SubmittedTotal, rowB.ItemsPerHour, rowB.MedianSeconds, rowB.Skips));
        var idle = Row(dashboard, p.EmailIdle);
        Assert.Equal((false, 0, 0, (double?)null, (DateTime?)null), (idle.LabelingNow, idle.SubmittedTotal, idle.ItemsPerHour, idle.MedianSeconds, idle.LastActivity));
        // The Manager is not an annotator and has no row.
        Assert.Equal(3, dashboard.Annotators.Count);
        Assert.True(rowA.LastActivity > DateTime.UtcNow.AddMinutes(-5));

        // B's lease runs out and the answer comes late: kept, counted, and the lease no longer shows as in progress.
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            await db.Assignments.Where(x => x.ItemId == b3 && x.AnnotatorId == b.UserId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)), Ct);
        }
        Assert.True((await Queue.SubmitAsync(b, p.Id, b3, new SubmitRequest(QueueTestAnswers.Positive), Ct)).Late);
        // One of A's answers was given two hours ago: it leaves "the last hour" but stays in the total.
        var twoHoursAgo = DateTime.UtcNow.AddHours(-2);
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            await db.Assignments.Where(x => x.ItemId == a1 && x.AnnotatorId == a.UserId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.SubmittedAt, twoHoursAgo), Ct);
        }

        dashboard = await Dashboard.GetAsync(p.Manager, p.Id, Ct);
        Assert.Equal((4L, 2L, 2L, 0, 5, 1), (dashboard.ItemsInQueue, dashboard.Completed, dashboard.Remaining,
            dashboard.InProgress, dashboard.SubmittedLastHour, dashboard.LateSubmissions));
        rowA = Row(dashboard, p.EmailA);
        Assert.Equal((3, 2, twoHoursAgo >= DateTime.UtcNow.Date ? 3 : 2), (rowA.SubmittedTotal, rowA.ItemsPerHour, rowA.SubmittedToday));
        Assert.Equal((3, 3, (double?)2.5), (Row(dashboard, p.EmailB).SubmittedTotal, Row(dashboard, p.EmailB).ItemsPerHour, Row(dashboard, p.EmailB).MedianSeconds));
    }

    [Fact]
    public async Task AnAnnotatorsStartCardCountsWhatIsLeftForThem()
    {
        factory.SkipWhenUnavailable();
        var p = await ProjectAsync();
        var first = await NextAsync(p.A, p.Id);
        await SubmitAsync(p.A, p.Id, first, 1000);
        await NextAsync(p.A, p.Id);

        var mine = await Dashboard.GetMineAsync(p.A, p.Id, Ct);
        // 4 queue items: one answered by A (3 left, the held one included); the project still needs answers on all 4 (k = 2).
        Assert.Equal((3L, 4L, 1, 1, true), (mine.RemainingForMe, mine.ProjectRemaining, mine.SubmittedToday, mine.SubmittedTotal, mine.HasSchema));
        Assert.Equal((4L, 4L, 0), (await Dashboard.GetMineAsync(p.B, p.Id, Ct)) is var b ? (b.RemainingForMe, b.ProjectRemaining, b.SubmittedTotal) : default);
        await Assert.ThrowsAsync<ForbiddenException>(() => Dashboard.GetMineAsync(p.Manager, p.Id, Ct));
    }

    [Fact]
    public async Task OnlyManagersReachTheDashboardEndpoint()
    {
        factory.SkipWhenUnavailable();
        var p = await ProjectAsync();
        await SubmitAsync(p.A, p.Id, await NextAsync(p.A, p.Id), 1500);

        var manager = await factory.SignInAsync(p.ManagerUser);
        var ok = await manager.GetFromJsonAsync<QueueDashboardDto>($"/api/projects/{p.Id}/queue/dashboard", AnnotateJson.Options, Ct);
        Assert.Equal((4L, 1), (ok!.ItemsInQueue, ok.SubmittedLastHour));
        Assert.Equal((double?)1.5, ok.Annotators.Single(r => r.Email == p.EmailA).MedianSeconds);

        var annotator = await factory.SignInAsync(p.UserA);
        using var forbidden = await annotator.GetAsync($"/api/projects/{p.Id}/queue/dashboard", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var stranger = await factory.SignInAsync(await factory.CreateUserAsync());
        using var notFound = await stranger.GetAsync($"/api/projects/{p.Id}/queue/dashboard", Ct);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.DoesNotContain(p.EmailA, await notFound.Content.ReadAsStringAsync(Ct));

        await Assert.ThrowsAsync<ForbiddenException>(() => Dashboard.GetAsync(p.A, p.Id, Ct));
    }

    private static AnnotatorActivity Row(QueueDashboardDto dashboard, string email) => dashboard.Annotators.Single(r => r.Email == email);

    private async Task<long> NextAsync(Caller caller, int projectId) => (await Queue.NextAsync(caller, projectId, null, false, Ct))!.ItemId;

    private Task SubmitAsync(Caller caller, int projectId, long itemId, int durationMs) =>
        Queue.SubmitAsync(caller, projectId, itemId, new SubmitRequest(QueueTestAnswers.Positive, durationMs), Ct);

    private sealed record Setup(int Id, Caller Manager, AppUser ManagerUser, Caller A, AppUser UserA, string EmailA, Caller B, string EmailB, string EmailIdle);

    /// <summary>k = 2; four queue items plus an exact duplicate and a filtered item; a Manager, annotators A and B, and an idle annotator.</summary>
    private async Task<Setup> ProjectAsync()
    {
        var admin = AnnotateWebFactory.CallerOf(await factory.CreateUserAsync(admin: true), admin: true);
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(admin, new CreateProjectRequest($"Dashboard {Guid.NewGuid():N}", null), Ct);
        await factory.Services.GetRequiredService<SchemaService>().SaveAsync(admin, project.Id, QueueConcurrencyTests<TFactory>.Schema, Ct);
        await Queue.SaveSettingsAsync(admin, project.Id, new QueueSettings(2, 30), Ct);
        var items = Enumerable.Range(1, 4).Select(i => new Item { Text = $"Text {i}", ContentHash = $"d{i}" }).ToList();
        await ItemSeeder.SeedAsync(factory, project.Id, items);
        await ItemSeeder.SeedAsync(factory, project.Id,
        [
            new Item { Text = "Text 1", ContentHash = "d1", DuplicateOfId = items[0].Id },
            new Item { Text = "x", ContentHash = "d6", Status = ItemStatus.Filtered },
        ]);

        async Task<AppUser> MemberAsync(ProjectRoles roles)
        {
            var user = await factory.CreateUserAsync();
            await projects.SetMemberAsync(admin, project.Id, new SetMemberRequest(user.Email!, roles), Ct);
            return user;
        }
        var manager = await MemberAsync(ProjectRoles.Manager);
        var a = await MemberAsync(ProjectRoles.Annotator);
        var b = await MemberAsync(ProjectRoles.Annotator | ProjectRoles.Reviewer);
        var idle = await MemberAsync(ProjectRoles.Annotator);
        return new Setup(project.Id, AnnotateWebFactory.CallerOf(manager), manager, AnnotateWebFactory.CallerOf(a), a, a.Email!,
            AnnotateWebFactory.CallerOf(b), b.Email!, idle.Email!);
    }
}

public sealed class SqliteQueueDashboardTests(SqliteWebFactory factory) : QueueDashboardTests<SqliteWebFactory>(factory);

public sealed class PostgresQueueDashboardTests(PostgresWebFactory factory) : QueueDashboardTests<PostgresWebFactory>(factory);
