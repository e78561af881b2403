using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Annotate.Core.Jobs;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Auth;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Review;
using Annotate.Web.Realtime;
using Annotate.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Endpoints;

/// <summary>The progress hub: members join their project's group only after a server-side check, and get its job updates.</summary>
public abstract class ProgressHubTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> CookieOfAsync(AppUser user)
    {
        var client = factory.CreateClient(new() { HandleCookies = false, AllowAutoRedirect = false });
        using var response = await client.PostAsJsonAsync("/api/auth/login", new LoginRequest(user.Email!, AnnotateWebFactory.Password), Ct);
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private HubConnection Connect(string? cookie) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, ProgressHub.Path), o =>
        {
            o.Transports = HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            if (cookie is not null)
            {
                o.Headers["Cookie"] = cookie;
            }
        })
        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()))
        .Build();

    private async Task<(ProjectDetail Mine, ProjectDetail Theirs, AppUser Member)> TwoProjectsAsync()
    {
        var admin = await factory.CreateUserAsync(admin: true);
        var member = await factory.CreateUserAsync();
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var caller = AnnotateWebFactory.CallerOf(admin, admin: true);
        var mine = await projects.CreateAsync(caller, new CreateProjectRequest($"Hub mine {Guid.NewGuid():N}", null), Ct);
        var theirs = await projects.CreateAsync(caller, new CreateProjectRequest($"Hub theirs {Guid.NewGuid():N}", null), Ct);
        await projects.SetMemberAsync(caller, mine.Id, new SetMemberRequest(member.Email!, ProjectRoles.Manager), Ct);
        return (mine, theirs, member);
    }

    [Fact]
    public async Task AnAnonymousClientCannotConnect()
    {
        factory.SkipWhenUnavailable();
        await using var connection = Connect(cookie: null);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task AMemberCannotJoinAnotherProjectsGroup()
    {
        factory.SkipWhenUnavailable();
        var (_, theirs, member) = await TwoProjectsAsync();
        await using var connection = Connect(await CookieOfAsync(member));
        await connection.StartAsync(Ct);
        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("JoinProject", theirs.Id, Ct));
        Assert.Contains("not a member", error.Message);
    }

    [Fact]
    public async Task AMemberReceivesTheirProjectsJobProgressButNotOthers()
    {
        factory.SkipWhenUnavailable();
        var (mine, theirs, member) = await TwoProjectsAsync();
        await ItemSeeder.SeedAsync(factory, mine.Id, Enumerable.Range(0, 100).Select(i => new Item { Text = $"item {i}" }));
        await using var connection = Connect(await CookieOfAsync(member));
        var updates = new List<JobDto>();
        var finished = new TaskCompletionSource<JobDto>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JobDto>(nameof(IProgressClient.JobUpdated), job =>
        {
            lock (updates)
            {
                updates.Add(job);
            }
            if (job.IsFinal)
            {
                finished.TrySetResult(job);
            }
        });
        await connection.StartAsync(Ct);
        await connection.InvokeAsync("JoinProject", mine.Id, Ct);

        var jobs = factory.Services.GetRequiredService<JobService>();
        var admin = await factory.CreateUserAsync(admin: true);
        await jobs.EnqueueAsync(AnnotateWebFactory.CallerOf(admin, admin: true), theirs.Id, Annotate.Web.Features.Statistics.StatisticsRecountJob.JobKind, null, ProjectRoles.Manager, Ct);
        var started = await jobs.EnqueueAsync(AnnotateWebFactory.CallerOf(member), mine.Id, Annotate.Web.Features.Statistics.StatisticsRecountJob.JobKind, null, ProjectRoles.Manager, Ct);

        var done = await finished.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(started.Id, done.Id);
        Assert.Equal(JobStatus.Succeeded, done.Status);
        lock (updates)
        {
            Assert.All(updates, u => Assert.Equal(mine.Id, u.ProjectId));
        }
    }

    [Fact]
    public async Task AMemberReceivesReviewUpdatesButNeverWhichItemIsGold()
    {
        factory.SkipWhenUnavailable();
        var (mine, _, member) = await TwoProjectsAsync();
        var caller = AnnotateWebFactory.CallerOf(member);
        await factory.Services.GetRequiredService<SchemaService>().SaveAsync(caller, mine.Id,
            new LabelSchema([new QuestionDefinition("kind", "Kind", QuestionKind.Single, [new("a", "A"), new("b", "B")])]), Ct);
        await ItemSeeder.SeedAsync(factory, mine.Id, [new Item { Text = "first", ContentHash = "f" }, new Item { Text = "second", ContentHash = "s" }]);
        long[] ids;
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            ids = [.. await db.Items.Where(i => i.ProjectId == mine.Id).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(Ct)];
        }
        await using var connection = Connect(await CookieOfAsync(member));
        var updates = Channel.CreateUnbounded<ReviewUpdated>();
        connection.On<ReviewUpdated>(nameof(IProgressClient.ReviewUpdated), u => updates.Writer.TryWrite(u));
        await connection.StartAsync(Ct);
        await connection.InvokeAsync("JoinProject", mine.Id, Ct);

        await factory.Services.GetRequiredService<ReviewRoutingService>().SendAsync(caller, mine.Id, ids[0], new SendToReviewRequest("Look again"), Ct);
        var opened = await updates.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal((mine.Id, (long?)ids[0], ReviewChange.Opened), (opened.ProjectId, opened.ItemId, opened.Change));

        // Annotators are in the group too, and gold items reach them unannounced: the event says gold changed, not where.
        await factory.Services.GetRequiredService<GoldService>().SetAsync(caller, mine.Id, ids[1],
            new SetGoldRequest(new Answer(new Dictionary<string, QuestionAnswer> { ["kind"] = new(Label: "a") })), Ct);
        var gold = await updates.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal((mine.Id, (long?)null, ReviewChange.Gold), (gold.ProjectId, gold.ItemId, gold.Change));
    }
}

public sealed class SqliteProgressHubTests(SqliteWebFactory factory) : ProgressHubTests<SqliteWebFactory>(factory);

public sealed class PostgresProgressHubTests(PostgresWebFactory factory) : ProgressHubTests<PostgresWebFactory>(factory);
