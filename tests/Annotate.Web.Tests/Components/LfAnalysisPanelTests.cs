using Annotate.Core.Jobs;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Core.WeakSupervision;
using Annotate.Core.WeakSupervision.Functions;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.WeakSupervision;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Annotate.Web.Tests.Components;

/// <summary>The Weak labels tab's label-model panel and LF analysis table, rendered against the real services.</summary>
public class LfAnalysisPanelTests : ComponentTestContext
{
    private const string Hostile = "<b>FREE</b> prize <script>alert(1)</script>";

    private sealed record Setup(int ProjectId, Caller Manager, LfDto A, LfDto B);

    /// <summary>
    /// Five items; A ("spam words" → Spam) votes on items 0, 2, 3 and B ("ham words" → Ham) on 1, 2; people answered
    /// 0 = ham, 1 = ham, 2 = spam, 3 = spam; a fitted run learned A 0.8, B 0.9. Hand-computed: A covers 60 %, B 40 %;
    /// both overlap and conflict on 20 % (item 2); A is right on 2 of 3 judged items, B on 1 of 2.
    /// </summary>
    private async Task<Setup> ProjectAsync()
    {
        var manager = await AddUserAsync("m@example.test");
        var annotator = await AddUserAsync("a@example.test");
        var project = await AddProjectAsync("Spam", (manager, ProjectRoles.Manager), (annotator, ProjectRoles.Annotator));
        SignIn(manager);
        var caller = new Caller(manager.Id, false);
        await Services.GetRequiredService<SchemaService>().SaveAsync(caller, project.Id,
            new LabelSchema([new QuestionDefinition("kind", "Spam?", QuestionKind.Single, [new("ham", "Ham (wanted)"), new("spam", "Spam (unwanted)")])]), Ct);
        var functions = Services.GetRequiredService<LabelingFunctionService>();
        var a = await functions.CreateAsync(caller, project.Id, new LfRequest("spam words", "kind", new KeywordRule(["free"]), "spam"), Ct);
        var b = await functions.CreateAsync(caller, project.Id, new LfRequest("ham words", "kind", new KeywordRule(["song"]), "ham"), Ct);
        await using var db = NewDb();
        var items = new[] { Hostile, "nice song", "free song", "free stuff", "hello" }
            .Select((t, i) => new Item { ProjectId = project.Id, Text = t, ContentHash = $"h{i}", CreatedAt = DateTime.UtcNow }).ToList();
        db.Items.AddRange(items);
        await db.SaveChangesAsync(Ct);
        // The votes an apply would have stored.
        foreach (var (function, item, label) in new[] { (a, 0, "spam"), (a, 2, "spam"), (a, 3, "spam"), (b, 1, "ham"), (b, 2, "ham") })
        {
            db.LfVotes.Add(new LfVote { FunctionVersionId = function.VersionId, ItemId = items[item].Id, ProjectId = project.Id, Label = label });
        }
        foreach (var (item, label) in new[] { (0, "ham"), (1, "ham"), (2, "spam"), (3, "spam") })
        {
            db.Annotations.Add(new Annotation
            {
                ProjectId = project.Id, ItemId = items[item].Id, AnnotatorId = annotator.Id, Version = 1, SchemaVersion = 1, CreatedAt = DateTime.UtcNow,
                AnswerJson = LabelingJson.Serialize(new Answer(new Dictionary<string, QuestionAnswer> { ["kind"] = new(Label: label) })),
            });
        }
        await db.SaveChangesAsync(Ct);
        var last = items[^1].Id;
        await db.LabelingFunctionVersions.Where(v => v.ProjectId == project.Id).ExecuteUpdateAsync(u => u.SetProperty(v => v.AppliedThroughItemId, last), Ct);
        await AddRunAsync(project.Id, [a.VersionId, b.VersionId], [0.8, 0.9]);
        return new Setup(project.Id, caller, a, b);
    }

    private async Task<int> AddRunAsync(int projectId, int[] versions, double[] accuracies)
    {
        await using var db = NewDb();
        var run = new WeakLabelRun
        {
            ProjectId = projectId,
            QuestionKey = "kind",
            Model = "dawid-skene",
            FunctionVersionsJson = System.Text.Json.JsonSerializer.Serialize(versions),
            ParametersJson = new WeakLabelRunParameters(["ham", "spam"], versions, accuracies, [0.5, 0.5], TieBreak.ClassPrior).ToJson(),
            Items = 5,
            Covered = 4,
            CreatedAt = DateTime.UtcNow,
        };
        db.WeakLabelRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        return run.Id;
    }

    private static List<string> Column(IRenderedComponent<LfAnalysisPanel> cut, string testId) =>
        [.. cut.FindAll($"[data-testid=lf-analysis-table] [data-testid={testId}]").Select(e => e.TextContent.Replace(" ", "").Trim())];

    private IRenderedComponent<LfAnalysisPanel> RenderPanel(int projectId)
    {
        var cut = Render<LfAnalysisPanel>(p => p.Add(x => x.ProjectId, projectId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=lf-analysis-table]")));
        return cut;
    }

    [Fact]
    public async Task TheTableShowsTheHandComputedFiguresAndTheTotals()
    {
        var setup = await ProjectAsync();
        var cut = RenderPanel(setup.ProjectId);

        Assert.Equal(["spamwords", "hamwords"], Column(cut, "lf-analysis-name"));
        Assert.Equal(["Spam(unwanted)", "Ham(wanted)"], Column(cut, "lf-polarity"));
        Assert.Equal(["60.0%", "40.0%"], Column(cut, "lf-coverage-cell"));
        Assert.Equal(["20.0%", "20.0%"], Column(cut, "lf-overlaps"));
        Assert.Equal(["20.0%", "20.0%"], Column(cut, "lf-conflicts"));
        Assert.Equal(["66.7%", "50.0%"], Column(cut, "lf-empirical"));
        Assert.Equal(["80.0%", "90.0%"], Column(cut, "lf-learned"));
        Assert.Equal("80.0%", cut.Find("[data-testid=lf-total-coverage]").TextContent.Replace(" ", ""));
        Assert.Equal("1", cut.Find("[data-testid=lf-total-conflicts]").TextContent);
        Assert.Equal("4", cut.Find("[data-testid=lf-total-answered]").TextContent);
        Assert.Equal("dawid-skene", cut.Find("[data-testid=lf-run]").TextContent);
    }

    [Fact]
    public async Task ClickingAColumnHeaderSortsTheRows()
    {
        var setup = await ProjectAsync();
        var cut = RenderPanel(setup.ProjectId);

        await SortByAsync(cut, "Coverage");
        cut.WaitForAssertion(() => Assert.Equal(["40.0%", "60.0%"], Column(cut, "lf-coverage-cell")));
        Assert.Equal(["hamwords", "spamwords"], Column(cut, "lf-analysis-name"));
        await SortByAsync(cut, "Coverage");
        cut.WaitForAssertion(() => Assert.Equal(["60.0%", "40.0%"], Column(cut, "lf-coverage-cell")));

        await SortByAsync(cut, "Learned accuracy");
        cut.WaitForAssertion(() => Assert.Equal(["80.0%", "90.0%"], Column(cut, "lf-learned")));
        await SortByAsync(cut, "Learned accuracy");
        cut.WaitForAssertion(() => Assert.Equal(["90.0%", "80.0%"], Column(cut, "lf-learned")));
        Assert.Equal(["hamwords", "spamwords"], Column(cut, "lf-analysis-name"));
    }

    private static Task SortByAsync(IRenderedComponent<LfAnalysisPanel> cut, string title) =>
        cut.FindAll("th").Single(th => th.TextContent.Trim() == title).QuerySelector(".column-header > span")!.ClickAsync(new());

    [Fact]
    public async Task ClickingARowOpensItsHitsAndMissesWithTheTextEscaped()
    {
        var setup = await ProjectAsync();
        var provider = Render<MudDialogProvider>();
        var cut = RenderPanel(setup.ProjectId);

        var row = cut.FindAll("[data-testid=lf-analysis-table] tbody tr").Single(tr => tr.TextContent.Contains("spam words", StringComparison.Ordinal));
        _ = row.ClickAsync(new());
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid=lf-hits-summary]")));
        Assert.Contains("2 agree, 1 disagree", provider.Find("[data-testid=lf-hits-summary]").TextContent);
        var miss = provider.Find("[data-testid=lf-miss]");
        Assert.Equal(Hostile, miss.QuerySelector("[data-testid=lf-judged-text]")!.TextContent);
        Assert.Empty(miss.QuerySelectorAll("[data-testid=lf-judged-text] b, [data-testid=lf-judged-text] script"));
        Assert.Contains("voted Spam (unwanted) · people said Ham (wanted)", miss.TextContent);
        Assert.Equal(["free song", "free stuff"], provider.FindAll("[data-testid=lf-hit-item] [data-testid=lf-judged-text]").Select(e => e.TextContent));
    }

    [Fact]
    public async Task TheTableFollowsANewFitAndAFinishedApplyLive()
    {
        var setup = await ProjectAsync();
        var cut = RenderPanel(setup.ProjectId);
        Assert.Equal(["80.0%", "90.0%"], Column(cut, "lf-learned"));
        var bus = Services.GetRequiredService<ProjectEventBus>();
        cut.WaitForState(() => bus.SubscriberCount > 0);

        // A fit finished elsewhere: its run is the current one.
        var runId = await AddRunAsync(setup.ProjectId, [setup.A.VersionId, setup.B.VersionId], [0.7, 0.95]);
        bus.Publish(new WeakLabelsUpdated(setup.ProjectId, "kind", runId));
        cut.WaitForAssertion(() => Assert.Equal(["70.0%", "95.0%"], Column(cut, "lf-learned")));

        // An apply stored B's vote on item 4 too.
        await using (var db = NewDb())
        {
            var item = await db.Items.Where(i => i.ProjectId == setup.ProjectId).MaxAsync(i => i.Id, Ct);
            db.LfVotes.Add(new LfVote { FunctionVersionId = setup.B.VersionId, ItemId = item, ProjectId = setup.ProjectId, Label = "ham" });
            await db.SaveChangesAsync(Ct);
        }
        bus.Publish(new JobUpdated(new Annotate.Web.Features.Jobs.JobDto(1, setup.ProjectId, ApplyFunctionsJob.JobKind, "Apply", JobStatus.Succeeded,
            1, 5, 5, "done", null, null, DateTime.UtcNow, DateTime.UtcNow, DateTime.UtcNow, false)));
        cut.WaitForAssertion(() => Assert.Equal(["60.0%", "60.0%"], Column(cut, "lf-coverage-cell")));
        Assert.Equal("100.0%", cut.Find("[data-testid=lf-total-coverage]").TextContent.Replace(" ", ""));
    }

    [Fact]
    public async Task TheFunctionsTableNamesTheVotedLabelAndTheSettingsNameABadThreshold()
    {
        var setup = await ProjectAsync();
        Render<MudPopoverProvider>();
        var cut = Render<WeakLabelsTab>(p => p.Add(x => x.ProjectId, setup.ProjectId));
        cut.WaitForAssertion(() => Assert.Equal(["Spam (unwanted)", "Ham (wanted)"], cut.FindAll("[data-testid=lf-votes]").Select(v => v.TextContent)));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=ws-save]")));

        await cut.Find("input[data-testid=ws-auto-accept]").ChangeAsync(new ChangeEventArgs { Value = "1.5" });
        await cut.Find("[data-testid=ws-save]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("AutoAcceptThreshold: must be between 0 and 1", cut.Find("[data-testid=ws-error]").TextContent));
        var service = Services.GetRequiredService<WeakSupervisionService>();
        Assert.Null((await service.GetSettingsAsync(setup.Manager, setup.ProjectId, Ct)).AutoAcceptThreshold);

        await cut.Find("input[data-testid=ws-auto-accept]").ChangeAsync(new ChangeEventArgs { Value = "0.9" });
        await cut.Find("input[data-testid=ws-seed]").ChangeAsync(new ChangeEventArgs { Value = "42" });
        await cut.Find("[data-testid=ws-save]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=ws-error]")));
        var saved = await service.GetSettingsAsync(setup.Manager, setup.ProjectId, Ct);
        Assert.Equal((0.9, 42), (saved.AutoAcceptThreshold, saved.Seed));

        // Fit model queues the job and shows it (no worker runs in this test, so it stays queued).
        await cut.Find("[data-testid=ws-fit]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Queued", cut.Find("[data-testid=ws-fit-job] [data-testid=job-status]").TextContent.Trim()));
    }
}
