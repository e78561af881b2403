using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.WeakSupervision;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Queue;

/// <summary>
/// The label model's output in the queue: suggestions handed out with items, the record of a kept suggestion, the
/// orders "uncertainty first" and "suggested minority class first", and auto-accept by threshold.
/// </summary>
public abstract class WeakLabelQueueTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private QueueService Queue => factory.Services.GetRequiredService<QueueService>();

    /// <summary>Item name → (weak label, confidence), or null for an item no function voted on (no weak label row).</summary>
    private static readonly (string Name, string? Label, double Confidence)[] Weak =
    [
        ("sure-pos", "pos", 0.97),
        ("unsure-pos", "pos", 0.55),
        ("sure-neg", "neg", 0.95),
        ("middling-pos", "pos", 0.75),
        ("no-vote", null, 0),
        ("middling-neg", "neg", 0.70),
        ("pos-again", "pos", 0.80),
        // No function voted; the model still gave the prior's most likely class with a high confidence.
        ("prior-only", "pos", 0.93),
    ];

    [Fact]
    public async Task AnItemComesWithItsSuggestionAndAKeptSuggestionIsRecordedOnlyWhenTheAnswerEqualsIt()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync();
        var runId = await RunAsync(projectId, acceptThreshold: null);

        var first = (await Queue.NextAsync(annotator, projectId, null, false, Ct))!;
        Assert.Equal("sure-pos", names![first.ItemId]);
        var suggestion = Assert.Single(first.Suggestions!);
        Assert.Equal(("sentiment", "pos", 0.97, runId, false), (suggestion.QuestionKey, suggestion.Label, suggestion.Confidence, suggestion.RunId, suggestion.Accepted));

        await Queue.SubmitAsync(annotator, projectId, first.ItemId, new SubmitRequest(Label("pos"), 900, runId), Ct);
        var second = (await Queue.NextAsync(annotator, projectId, null, false, Ct))!;
        Assert.Equal("pos", second.Suggestions!.Single().Label);
        // The annotator chose otherwise but the client (wrongly) claims the suggestion was kept: not recorded.
        await Queue.SubmitAsync(annotator, projectId, second.ItemId, new SubmitRequest(Label("neg"), 900, runId), Ct);
        var third = (await Queue.NextAsync(annotator, projectId, null, false, Ct))!;
        // A run of another project named by the client is not recorded either.
        var foreignRun = await RunAsync((await ProjectAsync()).ProjectId, acceptThreshold: null);
        await Queue.SubmitAsync(annotator, projectId, third.ItemId, new SubmitRequest(Label("neg"), 900, foreignRun), Ct);

        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var kept = await db.Annotations.Where(a => a.ProjectId == projectId).OrderBy(a => a.Id).Select(a => a.SuggestionRunId).ToListAsync(Ct);
        Assert.Equal([runId, null, null], kept);
    }

    [Fact]
    public async Task SuggestionsAreHiddenWhenTheProjectTurnsThemOffOrNoModelWasFitted()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync();
        Assert.Empty((await Queue.NextAsync(annotator, projectId, null, false, Ct))!.Suggestions!);

        await RunAsync(projectId, acceptThreshold: null);
        await SettingsAsync(projectId, new WeakSupervisionSettings(ShowSuggestions: false));
        Assert.Empty((await Queue.NextAsync(annotator, projectId, null, false, Ct))!.Suggestions!);
    }

    [Fact]
    public async Task UncertaintyFirstHandsOutTheLeastConfidentItemsFirstAndUnvotedItemsLast()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync();
        await Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(2, 30, QueueOrder.Uncertainty), Ct);
        // Without a fitted model the order falls back to least-annotated (import order here). k = 2, so a second
        // annotator can be handed every item again.
        Assert.Equal(Weak.Select(w => w.Name), await HandedOutAsync(projectId, annotator));

        await RunAsync(projectId, acceptThreshold: null);
        var other = await AnnotatorAsync(projectId);
        Assert.Equal(["unsure-pos", "middling-neg", "middling-pos", "pos-again", "prior-only", "sure-neg", "sure-pos", "no-vote"], await HandedOutAsync(projectId, other));
    }

    [Fact]
    public async Task MinorityFirstHandsOutItemsSuggestedAsTheRarestClassFirstMostConfidentFirst()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync();
        await RunAsync(projectId, acceptThreshold: null);
        await Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(1, 30, QueueOrder.MinorityFirst), Ct);

        // Two "neg" suggestions against five "pos": neg first, each class most confident first, the unvoted item last.
        Assert.Equal(["sure-neg", "middling-neg", "sure-pos", "prior-only", "pos-again", "middling-pos", "unsure-pos", "no-vote"], await HandedOutAsync(projectId, annotator));
    }

    [Fact]
    public async Task AutoAcceptedItemsNeedNoPersonUntilARunWithoutTheThresholdReplacesTheirs()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync();
        await RunAsync(projectId, acceptThreshold: 0.9);

        var progress = await Queue.ProgressAsync(annotator, projectId, DateTime.UtcNow.Date, Ct);
        Assert.Equal((Weak.Length, Weak.Length - 2), (progress.Items, progress.Remaining));
        // "prior-only" reaches the threshold, but no function voted on it: it still needs a person.
        Assert.Equal(["unsure-pos", "middling-pos", "no-vote", "middling-neg", "pos-again", "prior-only"], await HandedOutAsync(projectId, annotator));
        var dashboard = await factory.Services.GetRequiredService<Annotate.Web.Features.Queue.Dashboard.QueueDashboardService>().GetAsync(admin!, projectId, Ct);
        Assert.Equal((Weak.Length, 0, 2, Weak.Length - 2), (dashboard.ItemsInQueue, dashboard.Completed, dashboard.AutoAccepted, dashboard.Remaining));

        // The next fit ran without auto-accept: its labels are the current ones, so every item needs people again.
        await RunAsync(projectId, acceptThreshold: null);
        var other = await AnnotatorAsync(projectId);
        Assert.Equal(Weak.Length, (await Queue.ProgressAsync(other, projectId, DateTime.UtcNow.Date, Ct)).Remaining);
        // The first annotator holds leases on the other six (k = 1): only the two freed items are left.
        Assert.Equal(["sure-pos", "sure-neg"], await HandedOutAsync(projectId, other));
    }

    private static Answer Label(string label) => new(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: label) });

    private Caller? admin;
    private Dictionary<long, string>? names;

    /// <summary>Writes a label-model run for the project as the fit job would, with the weak labels of <see cref="Weak"/>.</summary>
    private async Task<int> RunAsync(int projectId, double? acceptThreshold)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var run = new WeakLabelRun
        {
            ProjectId = projectId,
            QuestionKey = "sentiment",
            Model = "MajorityVote",
            FunctionVersionsJson = "[]",
            ParametersJson = "{}",
            CreatedAt = DateTime.UtcNow,
            AcceptThreshold = acceptThreshold,
        };
        db.WeakLabelRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        var items = await db.Items.Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(Ct);
        foreach (var (itemId, weak) in items.Zip(Weak).Where(p => p.Second.Label is not null))
        {
            var p = weak.Label == "pos" ? weak.Confidence : 1 - weak.Confidence;
            db.WeakLabels.Add(new WeakLabel
            {
                RunId = run.Id,
                ItemId = itemId,
                ProjectId = projectId,
                Label = weak.Label,
                Confidence = weak.Confidence,
                Entropy = -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p)),
                ProbabilitiesJson = $"[{p},{1 - p}]",
                AnyVote = weak.Name != "prior-only",
            });
        }
        await db.SaveChangesAsync(Ct);
        await db.Projects.Where(x => x.Id == projectId).ExecuteUpdateAsync(u => u.SetProperty(x => x.WeakLabelRunId, run.Id), Ct);
        return run.Id;
    }

    private async Task SettingsAsync(int projectId, WeakSupervisionSettings settings)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(u => u.SetProperty(p => p.WeakSupervisionJson, settings.ToJson()), Ct);
    }

    /// <summary>The names of the items the annotator is handed, one after another, until none is left.</summary>
    private async Task<List<string>> HandedOutAsync(int projectId, Caller annotator)
    {
        var holding = new List<long>();
        while (await Queue.NextAsync(annotator, projectId, holding, false, Ct) is { } item)
        {
            holding.Add(item.ItemId);
        }
        return [.. holding.Select(id => names![id])];
    }

    private async Task<(int ProjectId, Caller Annotator)> ProjectAsync()
    {
        var adminUser = await factory.CreateUserAsync(admin: true);
        admin = AnnotateWebFactory.CallerOf(adminUser, admin: true);
        var project = await factory.Services.GetRequiredService<ProjectService>().CreateAsync(admin, new CreateProjectRequest($"Weak {Guid.NewGuid():N}", null), Ct);
        await factory.Services.GetRequiredService<SchemaService>().SaveAsync(admin, project.Id, QueueConcurrencyTests<TFactory>.Schema, Ct);
        var items = Weak.Select((w, i) => new Item { Text = $"Item {w.Name}", ContentHash = $"w{i}" }).ToList();
        await ItemSeeder.SeedAsync(factory, project.Id, items);
        names = items.Zip(Weak).ToDictionary(p => p.First.Id, p => p.Second.Name);
        return (project.Id, await AnnotatorAsync(project.Id));
    }

    private async Task<Caller> AnnotatorAsync(int projectId)
    {
        var user = await factory.CreateUserAsync();
        await factory.Services.GetRequiredService<ProjectService>()
            .SetMemberAsync(admin!, projectId, new SetMemberRequest(user.Email!, ProjectRoles.Annotator), Ct);
        return AnnotateWebFactory.CallerOf(user);
    }
}

public sealed class SqliteWeakLabelQueueTests(SqliteWebFactory factory) : WeakLabelQueueTests<SqliteWebFactory>(factory);

public sealed class PostgresWeakLabelQueueTests(PostgresWebFactory factory) : WeakLabelQueueTests<PostgresWebFactory>(factory);
