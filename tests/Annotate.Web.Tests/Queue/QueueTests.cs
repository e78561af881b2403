using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Queue;

/// <summary>One annotator's path through the queue: versions kept, skips, going back, rules named.</summary>
public abstract class QueueTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private QueueService Queue => factory.Services.GetRequiredService<QueueService>();

    private static Answer Label(string label) => new(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: label) });

    [Fact]
    public async Task ChangingAnAnswerThreeTimesKeepsEveryVersionAndNoRowIsRewritten()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync(items: 3, overlap: 1);
        var item = (await Queue.NextAsync(annotator, projectId, null, false, Ct))!;
        Assert.Equal(1, (await Queue.SubmitAsync(annotator, projectId, item.ItemId, new SubmitRequest(Label("pos"), 1500), Ct)).Version);
        Assert.Equal(2, (await Queue.SubmitAsync(annotator, projectId, item.ItemId, new SubmitRequest(Label("neg")), Ct)).Version);
        Assert.Equal(3, (await Queue.SubmitAsync(annotator, projectId, item.ItemId, new SubmitRequest(Label("pos")), Ct)).Version);
        Assert.Equal(4, (await Queue.SubmitAsync(annotator, projectId, item.ItemId, new SubmitRequest(Label("neg")), Ct)).Version);

        var versions = await Queue.VersionsAsync(annotator, projectId, item.ItemId, Ct);
        Assert.Equal([1, 2, 3, 4], versions.Select(v => v.Version));
        Assert.Equal(["pos", "neg", "pos", "neg"], versions.Select(v => v.Answer.Questions["sentiment"].Label));
        Assert.Equal(1500, versions[0].DurationMs);
        Assert.All(versions, v => Assert.Equal(annotator.UserId, v.AnnotatorId));
        var reopened = await Queue.ReopenAsync(annotator, projectId, item.ItemId, Ct);
        Assert.Equal(4, reopened.CurrentVersion);
        Assert.Equal("neg", reopened.CurrentAnswer!.Questions["sentiment"].Label);
        // One submission counted for the item, however often it was changed.
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            Assert.Equal(1, await db.Items.Where(i => i.Id == item.ItemId).Select(i => i.SubmittedCount).SingleAsync(Ct));
        }

        // The data layer refuses to change or delete a saved annotation.
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            var first = await db.Annotations.SingleAsync(a => a.ItemId == item.ItemId && a.Version == 1, Ct);
            first.AnswerJson = "{}";
            var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
            Assert.Contains("append-only", changed.Message);
        }
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            db.Annotations.Remove(await db.Annotations.SingleAsync(a => a.ItemId == item.ItemId && a.Version == 2, Ct));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        }
        Assert.Equal(["pos", "neg", "pos", "neg"], (await Queue.VersionsAsync(annotator, projectId, item.ItemId, Ct)).Select(v => v.Answer.Questions["sentiment"].Label));
    }

    [Fact]
    public async Task ASkippedItemIsNotHandedOutAgainUntilAskedForAndHistoryShowsBoth()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync(items: 2, overlap: 1);
        var first = (await Queue.NextAsync(annotator, projectId, null, false, Ct))!;
        await Queue.SkipAsync(annotator, projectId, first.ItemId, new SkipRequest("unclear"), Ct);
        var second = (await Queue.NextAsync(annotator, projectId, null, false, Ct))!;
        Assert.NotEqual(first.ItemId, second.ItemId);
        await Queue.SubmitAsync(annotator, projectId, second.ItemId, new SubmitRequest(Label("pos")), Ct);
        Assert.Null(await Queue.NextAsync(annotator, projectId, null, false, Ct));

        var history = await Queue.HistoryAsync(annotator, projectId, 0, 10, Ct);
        Assert.Equal(2, history.Count);
        Assert.Contains(history, h => h.ItemId == first.ItemId && h.Status == "Skipped" && h.SkipReason == "unclear");
        Assert.Contains(history, h => h.ItemId == second.ItemId && h.Status == "Submitted" && h.Version == 1);

        var again = (await Queue.NextAsync(annotator, projectId, null, skipped: true, Ct))!;
        Assert.Equal(first.ItemId, again.ItemId);
        Assert.False((await Queue.SubmitAsync(annotator, projectId, again.ItemId, new SubmitRequest(Label("neg")), Ct)).Late);
    }

    [Fact]
    public async Task TheNextCallReturnsTheLeaseAlreadyHeldUnlessTheClientShowsIt()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync(items: 5, overlap: 1);
        var shown = (await Queue.NextAsync(annotator, projectId, null, false, Ct))!;
        Assert.Equal(shown.ItemId, (await Queue.NextAsync(annotator, projectId, null, false, Ct))!.ItemId);
        var prefetched = (await Queue.NextAsync(annotator, projectId, [shown.ItemId], false, Ct))!;
        Assert.NotEqual(shown.ItemId, prefetched.ItemId);
        Assert.True(await Queue.RenewAsync(annotator, projectId, prefetched.ItemId, Ct) > DateTime.UtcNow.AddMinutes(29));
    }

    [Fact]
    public async Task RuleBreakingRequestsAreRefusedWithTheRuleNamed()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync(items: 2, overlap: 1);
        var item = (await Queue.NextAsync(annotator, projectId, null, false, Ct))!;
        var bad = await Assert.ThrowsAsync<InputException>(() => Queue.SubmitAsync(annotator, projectId, item.ItemId, new SubmitRequest(Label("maybe")), Ct));
        Assert.Contains("Question 'sentiment': 'maybe' is not one of its labels.", bad.Message);
        var notYours = await Assert.ThrowsAsync<NotFoundException>(() => Queue.SubmitAsync(annotator, projectId, item.ItemId + 1, new SubmitRequest(Label("pos")), Ct));
        Assert.Contains("was not handed to you", notYours.Message);
        await Queue.SubmitAsync(annotator, projectId, item.ItemId, new SubmitRequest(Label("pos")), Ct);
        await Assert.ThrowsAsync<ConflictException>(() => Queue.SkipAsync(annotator, projectId, item.ItemId, new SkipRequest(), Ct));
        var settings = await Assert.ThrowsAsync<InputException>(() => Queue.SaveSettingsAsync(AdminCaller!, projectId, new QueueSettings(Overlap: 0), Ct));
        Assert.Contains("Overlap", settings.Errors.Keys);

        // A project without a schema says so instead of handing out items.
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var bare = await projects.CreateAsync(AdminCaller!, new CreateProjectRequest($"Bare {Guid.NewGuid():N}", null), Ct);
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => Queue.NextAsync(AdminCaller!, bare.Id, null, false, Ct));
        Assert.Contains("no label schema", conflict.Message);
    }

    [Fact]
    public async Task SubmissionsChangesAndSkipsAreAnnouncedLiveToTheProjectOnly()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync(items: 2, overlap: 1);
        var bus = factory.Services.GetRequiredService<Annotate.Web.Realtime.ProjectEventBus>();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<Annotate.Web.Realtime.QueueUpdated>();
        using var subscription = bus.Subscribe(projectId, e =>
        {
            if (e is Annotate.Web.Realtime.QueueUpdated update)
            {
                seen.Enqueue(update);
            }
            return Task.CompletedTask;
        });
        var otherProject = 0;
        using var elsewhere = bus.Subscribe(projectId + 100_000, _ =>
        {
            Interlocked.Increment(ref otherProject);
            return Task.CompletedTask;
        });

        var first = (await Queue.NextAsync(annotator, projectId, null, false, Ct))!;
        await Queue.SubmitAsync(annotator, projectId, first.ItemId, new SubmitRequest(Label("pos")), Ct);
        await Queue.SubmitAsync(annotator, projectId, first.ItemId, new SubmitRequest(Label("neg")), Ct);
        var second = (await Queue.NextAsync(annotator, projectId, null, false, Ct))!;
        await Queue.SkipAsync(annotator, projectId, second.ItemId, new SkipRequest(), Ct);

        var updates = await Eventually.ReturnsAsync(() => Task.FromResult(seen.ToArray()), u => u.Length >= 3, "three queue updates");
        Assert.Equal(
            [(first.ItemId, Annotate.Web.Realtime.QueueChange.Submitted, 1), (first.ItemId, Annotate.Web.Realtime.QueueChange.Changed, 2), (second.ItemId, Annotate.Web.Realtime.QueueChange.Skipped, 0)],
            updates.OrderBy(u => u.Version == 0 ? 3 : u.Version).Select(u => (u.ItemId, u.Change, u.Version)));
        Assert.All(updates, u => Assert.Equal(annotator.UserId, u.AnnotatorId));
        Assert.Equal(0, otherProject);
    }

    private Caller? AdminCaller { get; set; }

    private async Task<(int ProjectId, Caller Annotator)> ProjectAsync(int items, int overlap)
    {
        AdminCaller = AnnotateWebFactory.CallerOf(await factory.CreateUserAsync(admin: true), admin: true);
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(AdminCaller, new CreateProjectRequest($"Queue {Guid.NewGuid():N}", null), Ct);
        await factory.Services.GetRequiredService<SchemaService>().SaveAsync(AdminCaller, project.Id, QueueConcurrencyTests<TFactory>.Schema, Ct);
        await Queue.SaveSettingsAsync(AdminCaller, project.Id, new QueueSettings(overlap, 30), Ct);
        await ItemSeeder.SeedAsync(factory, project.Id, Enumerable.Range(1, items).Select(i => new Item { Text = $"Text {i}", ContentHash = $"q{i}" }));
        var user = await factory.CreateUserAsync();
        await projects.SetMemberAsync(AdminCaller, project.Id, new SetMemberRequest(user.Email!, ProjectRoles.Annotator), Ct);
        return (project.Id, AnnotateWebFactory.CallerOf(user));
    }
}

public sealed class SqliteQueueTests(SqliteWebFactory factory) : QueueTests<SqliteWebFactory>(factory);

public sealed class PostgresQueueTests(PostgresWebFactory factory) : QueueTests<PostgresWebFactory>(factory);
