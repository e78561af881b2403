using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Annotate.Core.Jobs;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Core.WeakSupervision.Functions;
using Annotate.Data.Entities;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.WeakSupervision;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.WeakSupervision;

/// <summary>Labeling functions over HTTP: versions, tests on a sample, applying only what changed, timeouts reported, access.</summary>
public abstract class LabelingFunctionApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly LabelSchema Spam = new([new QuestionDefinition("kind", "Spam?", QuestionKind.Single, [new("ham", "Ham"), new("spam", "Spam")])]);

    private static readonly string[] Texts =
    [
        "Check out my channel and subscribe!",
        "I love this song",
        "subscribe to win a free iPhone",
        "great video, thanks",
        "visit http://spam.example now",
    ];

    private async Task<(int ProjectId, HttpClient Manager, AppUser Annotator)> ProjectAsync(IEnumerable<string>? texts = null)
    {
        var admin = await factory.CreateUserAsync(admin: true);
        var adminCaller = AnnotateWebFactory.CallerOf(admin, admin: true);
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(adminCaller, new CreateProjectRequest($"LF {Guid.NewGuid():N}", null), Ct);
        await factory.Services.GetRequiredService<SchemaService>().SaveAsync(adminCaller, project.Id, Spam, Ct);
        await ItemSeeder.SeedAsync(factory, project.Id, (texts ?? Texts).Select((t, i) => new Item { Text = t, ContentHash = $"h{i}", MetadataJson = $$"""{"stars":"{{i}}"}""" }));
        var annotator = await factory.CreateUserAsync();
        await projects.SetMemberAsync(adminCaller, project.Id, new SetMemberRequest(annotator.Email!, ProjectRoles.Annotator), Ct);
        return (project.Id, await factory.SignInAsync(admin), annotator);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, AnnotateJson.Options)!;
    }

    private static async Task<LfDto> CreateAsync(HttpClient client, int projectId, LfRequest request) =>
        await ReadAsync<LfDto>(await client.PostAsJsonAsync($"/api/projects/{projectId}/labeling-functions", request, AnnotateJson.Options, Ct));

    private static async Task<JobDto> ApplyAsync(HttpClient client, int projectId)
    {
        using var response = await client.PostAsync($"/api/projects/{projectId}/labeling-functions/apply", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        return await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.IsFinal, $"job {job.Id} to finish", TimeSpan.FromSeconds(60));
    }

    private async Task<List<(string Function, long ItemId, string Label)>> VotesAsync(int projectId)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var rows = await db.LfVotes.Where(v => v.ProjectId == projectId)
            .Join(db.LabelingFunctionVersions, v => v.FunctionVersionId, f => f.Id, (v, f) => new { f.FunctionId, f.Version, v.ItemId, v.Label })
            .ToListAsync(Ct);
        return [.. rows.Select(r => ($"{r.FunctionId}v{r.Version}", r.ItemId, r.Label)).OrderBy(r => r.Item1).ThenBy(r => r.ItemId)];
    }

    private async Task<long[]> ItemIdsAsync(int projectId)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        return await db.Items.Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).Select(i => i.Id).ToArrayAsync(Ct);
    }

    [Fact]
    public async Task ATestRunShowsHitsWithTheirMatchAndSavesNothing()
    {
        factory.SkipWhenUnavailable();
        var (projectId, manager, _) = await ProjectAsync();
        var test = await ReadAsync<LfTestResult>(await manager.PostAsJsonAsync($"/api/projects/{projectId}/labeling-functions/test",
            new LfRequest("subscribe", "kind", new KeywordRule(["subscribe"]), "spam"), AnnotateJson.Options, Ct));

        Assert.Equal((5, 2, 0.4), (test.Sampled, test.Votes, test.Coverage));
        Assert.Equal(new Dictionary<string, int> { ["spam"] = 2 }, test.VotesByLabel);
        Assert.Equal([("Check out my channel and subscribe!", 25, 9), ("subscribe to win a free iPhone", 0, 9)],
            test.Hits.Select(h => (h.Text, h.MatchStart, h.MatchLength)));
        Assert.Empty(await manager.GetFromJsonAsync<List<LfDto>>($"/api/projects/{projectId}/labeling-functions", AnnotateJson.Options, Ct) ?? []);
    }

    [Fact]
    public async Task ApplyingStoresVotesSparselyAndOnlyWhatChangedRunsAgain()
    {
        factory.SkipWhenUnavailable();
        var (projectId, manager, _) = await ProjectAsync();
        var ids = await ItemIdsAsync(projectId);
        var keyword = await CreateAsync(manager, projectId, new LfRequest("subscribe", "kind", new KeywordRule(["subscribe"]), "spam"));
        var stars = await CreateAsync(manager, projectId, new LfRequest("few stars", "kind", new MetadataRule("stars", MetadataOperator.LessThan, "2"), "ham"));
        Assert.False(keyword.Applied);

        var job = await ApplyAsync(manager, projectId);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Contains("4 votes", job.Message);
        Assert.Equal(
            [($"{keyword.Id}v1", ids[0], "spam"), ($"{keyword.Id}v1", ids[2], "spam"), ($"{stars.Id}v1", ids[0], "ham"), ($"{stars.Id}v1", ids[1], "ham")],
            await VotesAsync(projectId));
        var listed = await manager.GetFromJsonAsync<List<LfDto>>($"/api/projects/{projectId}/labeling-functions", AnnotateJson.Options, Ct);
        Assert.All(listed!, f => Assert.True(f.Applied));

        // Nothing changed: nothing to do.
        Assert.Contains("applied already", (await ApplyAsync(manager, projectId)).Message);

        // New items: only they are read; an edited function gets version 2 and runs over everything; version 1's votes stay.
        await ItemSeeder.SeedAsync(factory, projectId, [new Item { Text = "please subscribe", ContentHash = "new" }]);
        var edited = await ReadAsync<LfDto>(await manager.PutAsJsonAsync($"/api/projects/{projectId}/labeling-functions/{stars.Id}",
            new LfRequest("few stars", "kind", new MetadataRule("stars", MetadataOperator.LessThan, "1"), "ham"), AnnotateJson.Options, Ct));
        Assert.Equal(2, edited.Version);
        var again = await ApplyAsync(manager, projectId);
        Assert.Equal(JobStatus.Succeeded, again.Status);
        var newId = (await ItemIdsAsync(projectId))[^1];
        var votes = await VotesAsync(projectId);
        Assert.Contains(($"{keyword.Id}v1", newId, "spam"), votes);
        Assert.Equal([ids[0], ids[1]], votes.Where(v => v.Function == $"{stars.Id}v1").Select(v => v.ItemId));
        Assert.Equal([ids[0]], votes.Where(v => v.Function == $"{stars.Id}v2").Select(v => v.ItemId));
        // Renaming alone is not a new version.
        var renamed = await ReadAsync<LfDto>(await manager.PutAsJsonAsync($"/api/projects/{projectId}/labeling-functions/{stars.Id}",
            new LfRequest("zero stars", "kind", new MetadataRule("stars", MetadataOperator.LessThan, "1"), "ham"), AnnotateJson.Options, Ct));
        Assert.Equal((2, "zero stars"), (renamed.Version, renamed.Name));
    }

    [Fact]
    public async Task ARegexThatBacktracksCatastrophicallyIsStoppedAndReportedWhileTheOthersFinish()
    {
        factory.SkipWhenUnavailable();
        var (projectId, manager, _) = await ProjectAsync([.. Texts, new string('a', 5000) + "!"]);
        var evil = await CreateAsync(manager, projectId, new LfRequest("evil", "kind", new RegexRule("(a+)+$"), "spam"));
        var good = await CreateAsync(manager, projectId, new LfRequest("link", "kind", new RegexRule(@"https?://\S+"), "spam"));

        var job = await ApplyAsync(manager, projectId);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Contains("stopped (regular expression too slow): evil", job.Message);
        var lastId = (await ItemIdsAsync(projectId))[^1];
        var listed = (await manager.GetFromJsonAsync<List<LfDto>>($"/api/projects/{projectId}/labeling-functions", AnnotateJson.Options, Ct))!.ToDictionary(f => f.Name);
        Assert.Contains($"ran out of time on item {lastId}", listed["evil"].Error);
        Assert.False(listed["evil"].Applied);
        Assert.True(listed["link"].Applied);
        Assert.Single(await VotesAsync(projectId), v => v.Function == $"{good.Id}v1");
        Assert.Equal(evil.Id, listed["evil"].Id);

        // The sample test says which item timed out.
        var test = await ReadAsync<LfTestResult>(await manager.PostAsJsonAsync($"/api/projects/{projectId}/labeling-functions/test",
            new LfRequest("evil", "kind", new RegexRule("(a+)+$"), "spam"), AnnotateJson.Options, Ct));
        Assert.Equal(lastId, test.TimedOutItemId);
    }

    [Fact]
    public async Task AnAnnotatorsAnswersVoteAndTestsCompareWithPeople()
    {
        factory.SkipWhenUnavailable();
        var (projectId, manager, annotator) = await ProjectAsync();
        var queue = factory.Services.GetRequiredService<QueueService>();
        var caller = AnnotateWebFactory.CallerOf(annotator);
        var answered = new Dictionary<long, string>();
        for (var i = 0; i < 3; i++)
        {
            var item = (await queue.NextAsync(caller, projectId, null, false, Ct))!;
            var label = item.Text.Contains("subscribe", StringComparison.Ordinal) ? "spam" : "ham";
            await queue.SubmitAsync(caller, projectId, item.ItemId, new SubmitRequest(new Answer(new Dictionary<string, QuestionAnswer> { ["kind"] = new(Label: label) })), Ct);
            answered[item.ItemId] = label;
        }
        var test = await ReadAsync<LfTestResult>(await manager.PostAsJsonAsync($"/api/projects/{projectId}/labeling-functions/test",
            new LfRequest("subscribe", "kind", new KeywordRule(["subscribe"]), "spam"), AnnotateJson.Options, Ct));
        var spamAnswered = answered.Count(a => a.Value == "spam");
        Assert.Equal((spamAnswered, spamAnswered), (test.Compared, test.Agreed));

        var person = await CreateAsync(manager, projectId, new LfRequest("annotator", "kind", new AnnotatorRule(annotator.Id)));
        Assert.Null(person.Label);
        Assert.Equal(JobStatus.Succeeded, (await ApplyAsync(manager, projectId)).Status);
        Assert.Equal(answered.OrderBy(a => a.Key).Select(a => (a.Key, a.Value)),
            (await VotesAsync(projectId)).Select(v => (v.ItemId, v.Label)));
    }

    [Fact]
    public async Task BadDefinitionsAreRefusedNamingTheFieldAndOnlyManagersSeeFunctions()
    {
        factory.SkipWhenUnavailable();
        var (projectId, manager, annotator) = await ProjectAsync();
        using var bad = await manager.PostAsJsonAsync($"/api/projects/{projectId}/labeling-functions",
            new LfRequest("broken", "kind", new RegexRule("(unclosed"), "spam"), AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Pattern:", await bad.Content.ReadAsStringAsync(Ct));
        using var label = await manager.PostAsJsonAsync($"/api/projects/{projectId}/labeling-functions",
            new LfRequest("x", "kind", new KeywordRule(["a"]), "eggs"), AnnotateJson.Options, Ct);
        Assert.Contains("Label: 'eggs' is not one of the question's labels.", await label.Content.ReadAsStringAsync(Ct));
        await CreateAsync(manager, projectId, new LfRequest("dup", "kind", new KeywordRule(["a"]), "spam"));
        using var duplicate = await manager.PostAsJsonAsync($"/api/projects/{projectId}/labeling-functions",
            new LfRequest("dup", "kind", new KeywordRule(["b"]), "spam"), AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var annotatorClient = await factory.SignInAsync(annotator);
        using var forbidden = await annotatorClient.GetAsync($"/api/projects/{projectId}/labeling-functions", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        // A Manager of another project (not an Admin) sees nothing of this one.
        var (otherProject, _, _) = await ProjectAsync();
        var outsider = await factory.CreateUserAsync();
        var admin = AnnotateWebFactory.CallerOf(await factory.CreateUserAsync(admin: true), admin: true);
        await factory.Services.GetRequiredService<ProjectService>().SetMemberAsync(admin, otherProject, new SetMemberRequest(outsider.Email!, ProjectRoles.Manager), Ct);
        var otherManager = await factory.SignInAsync(outsider);
        using var stranger = await otherManager.GetAsync($"/api/projects/{projectId}/labeling-functions", Ct);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        using var strangerApply = await otherManager.PostAsync($"/api/projects/{projectId}/labeling-functions/apply", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, strangerApply.StatusCode);
        Assert.NotEqual(projectId, otherProject);
    }
}

public sealed class SqliteLabelingFunctionApiTests(SqliteWebFactory factory) : LabelingFunctionApiTests<SqliteWebFactory>(factory);

public sealed class PostgresLabelingFunctionApiTests(PostgresWebFactory factory) : LabelingFunctionApiTests<PostgresWebFactory>(factory);
