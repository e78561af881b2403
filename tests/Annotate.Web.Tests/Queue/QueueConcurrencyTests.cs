using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
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

/// <summary>
/// Many annotators at once, with skips and expired leases: every item ends with exactly k on-time answers from k
/// different people (late answers kept and marked), nothing is lost, nobody gets an item twice. Through the services
/// and again through the REST API, on SQLite and on PostgreSQL.
/// </summary>
public abstract class QueueConcurrencyTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private const int Overlap = 3;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static readonly LabelSchema Schema = new(
        [new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
            [new LabelDefinition("pos", "Positive", "#43a047", "1"), new LabelDefinition("neg", "Negative", "#e53935", "2")])]);

    [Fact]
    public async Task FiftyAnnotatorsThroughTheServices()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotators) = await ProjectAsync(items: 2000, annotators: 50);
        var queue = factory.Services.GetRequiredService<QueueService>();
        var stats = await RunAsync(projectId, annotators.Select(a => (IAnnotator)new ServiceAnnotator(queue, AnnotateWebFactory.CallerOf(a), projectId)).ToList());
        await AssertInvariantsAsync(projectId, items: 2000, stats);
    }

    [Fact]
    public async Task FiftyAnnotatorsThroughTheRestApi()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotators) = await ProjectAsync(items: 600, annotators: 50);
        var clients = new List<IAnnotator>();
        foreach (var annotator in annotators)
        {
            clients.Add(new HttpAnnotator(await factory.SignInAsync(annotator), projectId, annotator.Id));
        }
        var stats = await RunAsync(projectId, clients);
        await AssertInvariantsAsync(projectId, items: 600, stats);
    }

    private sealed record Stats(int Submitted, int Skipped, int Expired, int LateSubmissions, ConcurrentBag<(long Item, string Annotator)> Received);

    /// <summary>
    /// Each annotator takes items until none is left for them: 5 % are skipped, 3 % are held until their lease has
    /// expired (the test moves the expiry into the past) and then answered late, the rest answered at once.
    /// </summary>
    private async Task<Stats> RunAsync(int projectId, IReadOnlyList<IAnnotator> annotators)
    {
        int submitted = 0, skipped = 0, expired = 0, late = 0;
        var received = new ConcurrentBag<(long, string)>();
        await Parallel.ForEachAsync(annotators.Select((a, i) => (a, i)), new ParallelOptions { MaxDegreeOfParallelism = annotators.Count, CancellationToken = Ct },
            async (entry, ct) =>
            {
                var (annotator, index) = entry;
                var random = new Random(index);
                while (await annotator.NextAsync() is { } item)
                {
                    received.Add((item.ItemId, annotator.Id));
                    var roll = random.NextDouble();
                    if (roll < 0.05)
                    {
                        await annotator.SkipAsync(item.ItemId);
                        Interlocked.Increment(ref skipped);
                        continue;
                    }
                    if (roll < 0.08)
                    {
                        await ExpireAsync(item.ItemId, annotator.Id);
                        Interlocked.Increment(ref expired);
                    }
                    var result = await annotator.SubmitAsync(item.ItemId, random.Next(2) == 0 ? "pos" : "neg");
                    Interlocked.Increment(ref submitted);
                    if (result.Late)
                    {
                        Interlocked.Increment(ref late);
                    }
                }
            });
        return new Stats(submitted, skipped, expired, late, received);
    }

    private async Task ExpireAsync(long itemId, string annotatorId)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var gate = factory.Services.GetRequiredService<StoreWriteGate>();
        using var _ = await gate.EnterAsync(Ct);
        await db.Assignments.Where(a => a.ItemId == itemId && a.AnnotatorId == annotatorId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)), Ct);
    }

    private async Task AssertInvariantsAsync(int projectId, int items, Stats stats)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var annotations = await db.Annotations.AsNoTracking().Where(a => a.ProjectId == projectId).ToListAsync(Ct);
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.ProjectId == projectId).ToListAsync(Ct);

        // Nothing lost: one stored annotation per submission, each the first version.
        Assert.Equal(stats.Submitted, annotations.Count);
        Assert.All(annotations, a => Assert.Equal(1, a.Version));
        Assert.Equal(stats.LateSubmissions, annotations.Count(a => a.Late));
        Assert.True(stats.Skipped > 0 && stats.Expired > 0, $"the run should include skips ({stats.Skipped}) and expired leases ({stats.Expired})");

        // Nobody received an item twice.
        Assert.Equal(stats.Received.Count, stats.Received.Distinct().Count());
        Assert.Equal(assignments.Count, assignments.Select(a => (a.ItemId, a.AnnotatorId)).Distinct().Count());

        var byItem = annotations.GroupBy(a => a.ItemId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(items, byItem.Count);
        foreach (var (itemId, answers) in byItem)
        {
            var onTime = answers.Count(a => !a.Late);
            Assert.True(answers.Select(a => a.AnnotatorId).Distinct().Count() == answers.Count, $"item {itemId} was answered twice by one person");
            Assert.True(onTime <= Overlap, $"item {itemId} has {onTime} on-time answers, more than k = {Overlap}");
            Assert.True(answers.Count >= Overlap, $"item {itemId} has {answers.Count} answers, fewer than k = {Overlap}");
        }
        var counters = await db.Items.AsNoTracking().Where(i => i.ProjectId == projectId).ToDictionaryAsync(i => i.Id, i => i.SubmittedCount, Ct);
        Assert.All(byItem, pair => Assert.Equal(pair.Value.Count, counters[pair.Key]));
    }

    private async Task<(int ProjectId, List<AppUser> Annotators)> ProjectAsync(int items, int annotators)
    {
        var admin = AnnotateWebFactory.CallerOf(await factory.CreateUserAsync(admin: true), admin: true);
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(admin, new CreateProjectRequest($"Queue {Guid.NewGuid():N}", null), Ct);
        await factory.Services.GetRequiredService<SchemaService>().SaveAsync(admin, project.Id, Schema, Ct);
        await factory.Services.GetRequiredService<QueueService>().SaveSettingsAsync(admin, project.Id, new QueueSettings(Overlap, 30), Ct);
        await ItemSeeder.SeedAsync(factory, project.Id, Enumerable.Range(1, items).Select(i => new Item { Text = $"Item number {i}", ContentHash = $"h{i}" }));
        var users = new List<AppUser>();
        for (var i = 0; i < annotators; i++)
        {
            var user = await factory.CreateUserAsync();
            await projects.SetMemberAsync(admin, project.Id, new SetMemberRequest(user.Email!, ProjectRoles.Annotator), Ct);
            users.Add(user);
        }
        return (project.Id, users);
    }

    private interface IAnnotator
    {
        string Id { get; }

        Task<QueueItem?> NextAsync();

        Task<SubmitResult> SubmitAsync(long itemId, string label);

        Task SkipAsync(long itemId);
    }

    private static Answer Answer(string label) => new(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: label) });

    private sealed class ServiceAnnotator(QueueService queue, Caller caller, int projectId) : IAnnotator
    {
        public string Id => caller.UserId;

        public Task<QueueItem?> NextAsync() => queue.NextAsync(caller, projectId, null, false, Ct);

        public Task<SubmitResult> SubmitAsync(long itemId, string label) => queue.SubmitAsync(caller, projectId, itemId, new SubmitRequest(Answer(label)), Ct);

        public Task SkipAsync(long itemId) => queue.SkipAsync(caller, projectId, itemId, new SkipRequest("not sure"), Ct);
    }

    private sealed class HttpAnnotator(HttpClient client, int projectId, string userId) : IAnnotator
    {
        public string Id => userId;

        public async Task<QueueItem?> NextAsync()
        {
            using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/queue/next", new QueueEndpoints.NextRequest(), AnnotateJson.Options, Ct);
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return null;
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<QueueItem>(AnnotateJson.Options, Ct);
        }

        public async Task<SubmitResult> SubmitAsync(long itemId, string label)
        {
            using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/queue/items/{itemId}/submit", new SubmitRequest(Answer(label)), AnnotateJson.Options, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<SubmitResult>(AnnotateJson.Options, Ct))!;
        }

        public async Task SkipAsync(long itemId)
        {
            using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/queue/items/{itemId}/skip", new SkipRequest("not sure"), AnnotateJson.Options, Ct);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

    }
}

public sealed class SqliteQueueConcurrencyTests(SqliteWebFactory factory) : QueueConcurrencyTests<SqliteWebFactory>(factory);

public sealed class PostgresQueueConcurrencyTests(PostgresWebFactory factory) : QueueConcurrencyTests<PostgresWebFactory>(factory);
