using System.Globalization;
using Annotate.Core.Agreement;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.Review;
using Annotate.Web.Features.Review.Agreement;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Annotate.Web.Tests.Components;

public class AgreementPanelTests : ComponentTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private QueueService Queue => Services.GetRequiredService<QueueService>();

    private sealed record Setup(int ProjectId, AppUser Manager, AppUser Reviewer, AppUser A, AppUser B, AppUser Outsider, Dictionary<long, int> Numbers);

    /// <summary>
    /// k = 2, three items, a Manager, a Reviewer, annotators A and B, and an annotator who is only that. The label
    /// "Negative" is named with markup and B's display name is a script tag: both must show as text.
    /// </summary>
    private async Task<Setup> ProjectAsync(string signIn)
    {
        var manager = await AddUserAsync("m@example.test");
        var reviewer = await AddUserAsync("r@example.test");
        var a = await AddUserAsync("a@example.test");
        var b = await AddUserAsync("b@example.test");
        var outsider = await AddUserAsync("o@example.test");
        SignIn(signIn switch { "manager" => manager, "reviewer" => reviewer, _ => outsider });
        var project = await AddProjectAsync("Reviews", (manager, ProjectRoles.Manager), (reviewer, ProjectRoles.Reviewer),
            (a, ProjectRoles.Annotator), (b, ProjectRoles.Annotator), (outsider, ProjectRoles.Annotator));
        var managerCaller = new Caller(manager.Id, false);
        await Services.GetRequiredService<SchemaService>().SaveAsync(managerCaller, project.Id,
            new LabelSchema([new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
                [new LabelDefinition("pos", "Positive"), new LabelDefinition("neg", "<b>Negative</b>")])]), Ct);
        await Queue.SaveSettingsAsync(managerCaller, project.Id, new QueueSettings(2, 30), Ct);
        await using var db = NewDb();
        var items = Enumerable.Range(1, 3).Select(i => new Item { ProjectId = project.Id, Text = $"Review {i}", ContentHash = $"h{i}", CreatedAt = DateTime.UtcNow }).ToList();
        db.Items.AddRange(items);
        await db.SaveChangesAsync(Ct);
        await db.Users.Where(u => u.Id == b.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "<script>alert(1)</script>Bea"), Ct);
        return new Setup(project.Id, manager, reviewer, a, b, outsider, items.ToDictionary(i => i.Id, i => int.Parse(i.Text[^1..], CultureInfo.InvariantCulture)));
    }

    /// <summary>The annotator answers every item left for them: labels[n − 1] for item n.</summary>
    private async Task AnswerAllAsync(Setup setup, AppUser annotator, params string[] labels)
    {
        var caller = new Caller(annotator.Id, false);
        while (await Queue.NextAsync(caller, setup.ProjectId, null, false, Ct) is { } next)
        {
            var answer = new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: labels[setup.Numbers[next.ItemId] - 1]) });
            await Queue.SubmitAsync(caller, setup.ProjectId, next.ItemId, new SubmitRequest(answer), Ct);
        }
    }

    private static double ExpectedAlpha(Setup setup, string[] a, string[] b)
    {
        var builder = new ReliabilityDataBuilder<string>();
        foreach (var (id, n) in setup.Numbers)
        {
            builder.Add(id.ToString(CultureInfo.InvariantCulture), "A", a[n - 1]);
            builder.Add(id.ToString(CultureInfo.InvariantCulture), "B", b[n - 1]);
        }
        return KrippendorffAlpha.Nominal(builder.Build()).Alpha!.Value;
    }

    private IRenderedComponent<AgreementPanel> RenderPanel(int projectId)
    {
        Render<MudPopoverProvider>();
        var cut = Render<AgreementPanel>(p => p.Add(x => x.ProjectId, projectId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=agreement-alpha]")), Wait);
        return cut;
    }

    private static string Stat(IRenderedComponent<AgreementPanel> cut, string testId) => cut.Find($"[data-testid={testId}] .stat-value").TextContent.Trim();

    [Fact]
    public async Task AReviewerSeesTheHeadlineFiguresPairsLabelsAndAnnotators()
    {
        var setup = await ProjectAsync("reviewer");
        string[] a = ["pos", "pos", "neg"], b = ["pos", "neg", "neg"];
        await AnswerAllAsync(setup, setup.A, a);
        await AnswerAllAsync(setup, setup.B, b);

        var cut = RenderPanel(setup.ProjectId);

        Assert.Equal(ExpectedAlpha(setup, a, b).ToString("0.000", CultureInfo.InvariantCulture), Stat(cut, "agreement-alpha"));
        Assert.Equal("66.7%", Stat(cut, "agreement-percent"));
        Assert.Equal(("3", "6"), (Stat(cut, "agreement-pairable"), Stat(cut, "agreement-answers")));
        // A: pos pos neg, B: pos neg neg. p_o = 2/3, p_e = 2/9 + 2/9, κ = (2/3 − 4/9) / (5/9) = 0.4.
        Assert.Equal("0.400", cut.Find($"[data-testid=kappa-{setup.A.Id}-{setup.B.Id}]").TextContent.Trim());
        Assert.Equal("0.400", cut.Find($"[data-testid=kappa-{setup.B.Id}-{setup.A.Id}]").TextContent.Trim());
        Assert.Equal(("3", "3"), (cut.Find("[data-testid=label-pos] [data-testid=label-given]").TextContent, cut.Find("[data-testid=label-neg] [data-testid=label-given]").TextContent));
        var rowA = cut.Find($"[data-testid=annotator-{setup.A.Id}]");
        Assert.Equal(("3", "66.7%"), (rowA.QuerySelector("[data-testid=annotator-items]")!.TextContent, rowA.QuerySelector("[data-testid=annotator-agreement]")!.TextContent));
        Assert.EndsWith("%", rowA.QuerySelector("[data-testid=annotator-model]")!.TextContent);
        Assert.Equal($"/projects/{setup.ProjectId}/annotators/{setup.A.Id}?question=sentiment", rowA.QuerySelector("[data-testid=annotator-link]")!.GetAttribute("href"));
        // People are listed by name, and B's ("<script>…") sorts before A's: the first confusion shown is B × A, rows
        // B, columns A, in the schema's order (Positive, Negative): B pos/A pos on 1, B neg/A pos on 2, B neg/A neg on 3.
        var cells = cut.FindAll("[data-testid=agreement-confusion] td.heat-cell").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["1", "0", "1", "1"], cells);
        Assert.Equal(["Positive", "<b>Negative</b>"], cut.FindAll("[data-testid=agreement-confusion] thead th.heat-label").Select(c => c.TextContent));
        Assert.NotNull(cut.Find("[data-testid=agreement-timeline]"));
        Assert.NotNull(cut.Find("[data-testid=agreement-accuracy-chart]"));
    }

    [Fact]
    public async Task LabelNamesAndPeoplesNamesAreShownAsText()
    {
        var setup = await ProjectAsync("manager");
        await AnswerAllAsync(setup, setup.A, "pos", "pos", "neg");
        await AnswerAllAsync(setup, setup.B, "pos", "neg", "neg");

        var cut = RenderPanel(setup.ProjectId);

        var labels = cut.Find("[data-testid=agreement-labels]");
        Assert.Contains("<b>Negative</b>", labels.TextContent);
        Assert.Empty(labels.QuerySelectorAll("b, script"));
        var annotators = cut.Find("[data-testid=agreement-annotators]");
        Assert.Contains("<script>alert(1)</script>Bea", annotators.TextContent);
        Assert.Empty(cut.Find("[data-testid=agreement-pairs]").QuerySelectorAll("script"));
        Assert.Empty(cut.Find("[data-testid=agreement-confusion]").QuerySelectorAll("b, script"));
        // Names also appear in tooltips (attribute values), which cannot open an element: no script element anywhere.
        Assert.Empty(cut.FindAll("script"));
        // The bar chart's axis writes its labels as markup (MudChart 9.12): the name is encoded and reads as written.
        Assert.Contains("<script>alert(1)</script>Bea", cut.FindAll("[data-testid=agreement-accuracy-chart] .mud-charts-xaxis text").Select(t => t.TextContent));
    }

    [Fact]
    public async Task ThePanelUpdatesWhenAnnotationsArrive()
    {
        var setup = await ProjectAsync("manager");
        string[] a = ["pos", "pos", "neg"], b = ["pos", "neg", "neg"];
        await AnswerAllAsync(setup, setup.A, a);

        var cut = RenderPanel(setup.ProjectId);
        // One annotator only: nothing to compare yet.
        Assert.Equal(("–", "–", "0", "3"), (Stat(cut, "agreement-alpha"), Stat(cut, "agreement-percent"), Stat(cut, "agreement-pairable"), Stat(cut, "agreement-answers")));
        Assert.NotNull(cut.Find("[data-testid=agreement-no-pairs]"));

        // The queue publishes QueueUpdated for each submission; the open panel recomputes (bursts folded into one refresh).
        await AnswerAllAsync(setup, setup.B, b);

        cut.WaitForAssertion(() => Assert.Equal(("3", "6"), (Stat(cut, "agreement-pairable"), Stat(cut, "agreement-answers"))), Wait);
        Assert.Equal(ExpectedAlpha(setup, a, b).ToString("0.000", CultureInfo.InvariantCulture), Stat(cut, "agreement-alpha"));
        Assert.Equal("0.400", cut.Find($"[data-testid=kappa-{setup.A.Id}-{setup.B.Id}]").TextContent.Trim());

        // B changes the second answer to pos: a new version; the panel follows it.
        var second = setup.Numbers.Single(n => n.Value == 2).Key;
        await Queue.SubmitAsync(new Caller(setup.B.Id, false), setup.ProjectId, second,
            new SubmitRequest(new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "pos") })), Ct);
        cut.WaitForAssertion(() => Assert.Equal("100.0%", Stat(cut, "agreement-percent")), Wait);
        Assert.Equal("1.000", Stat(cut, "agreement-alpha"));
    }

    [Fact]
    public async Task ThePanelUpdatesWhenAReviewerResolvesAndWhenGoldAnswersChange()
    {
        var setup = await ProjectAsync("manager");
        // k = 2: item 2 (A pos, B neg) goes to review as soon as B answers.
        await AnswerAllAsync(setup, setup.A, "pos", "pos", "neg");
        await AnswerAllAsync(setup, setup.B, "pos", "neg", "neg");
        var second = setup.Numbers.Single(n => n.Value == 2).Key;
        var cut = RenderPanel(setup.ProjectId);
        string Reference(AppUser who, string key) => cut.Find($"[data-testid=annotator-{who.Id}] [data-testid=annotator-ref-{key}]").TextContent.Trim();
        Assert.Equal(["vs reviewed labels", "vs gold"], cut.FindAll("[data-testid=agreement-annotators] thead th").Skip(6).Select(h => h.TextContent.Trim()));
        Assert.Equal(("–", "–", "–", "–"), (Reference(setup.A, "reviewed"), Reference(setup.B, "reviewed"), Reference(setup.A, "gold"), Reference(setup.B, "gold")));

        // The reviewer accepts B's answer in their own circuit: only a ReviewUpdated event is published, no queue event.
        var review = Services.GetRequiredService<ReviewService>();
        var reviewer = new Caller(setup.Reviewer.Id, false);
        var task = (await review.NextAsync(reviewer, setup.ProjectId, null, Ct))!;
        Assert.Equal(second, task.ItemId);
        await review.ResolveAsync(reviewer, setup.ProjectId, task.TaskId,
            new ResolveRequest(AnnotationId: task.Annotations.Single(a => a.AnnotatorId == setup.B.Id).AnnotationId), Ct);

        cut.WaitForAssertion(() => Assert.Equal(("0.0%", "100.0%"), (Reference(setup.A, "reviewed"), Reference(setup.B, "reviewed"))), Wait);

        // The Manager marks item 1 gold as negative: both annotators said positive.
        var first = setup.Numbers.Single(n => n.Value == 1).Key;
        await Services.GetRequiredService<GoldService>().SetAsync(new Caller(setup.Manager.Id, false), setup.ProjectId, first,
            new SetGoldRequest(new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "neg") })), Ct);

        cut.WaitForAssertion(() => Assert.Equal(("0.0%", "0.0%"), (Reference(setup.A, "gold"), Reference(setup.B, "gold"))), Wait);
    }

    [Fact]
    public async Task TheReviewTabOfTheProjectPageHoldsThePanel()
    {
        var setup = await ProjectAsync("reviewer");
        Render<MudPopoverProvider>();

        var cut = Render<Annotate.Web.Features.Projects.ProjectPage>(p => p.Add(x => x.ProjectId, setup.ProjectId).Add(x => x.Tab, "review"));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=review-tab] [data-testid=agreement-panel]")), Wait);
        // No answers yet: the figures are undefined, not zero.
        cut.WaitForAssertion(() => Assert.Equal("–", cut.Find("[data-testid=agreement-alpha] .stat-value").TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=upcoming-tab]"));
    }

    [Fact]
    public async Task AnAnnotatorOnlyGetsAMessageInsteadOfFigures()
    {
        var setup = await ProjectAsync("outsider");
        await AnswerAllAsync(setup, setup.A, "pos", "pos", "neg");

        var cut = Render<AgreementPanel>(p => p.Add(x => x.ProjectId, setup.ProjectId));

        cut.WaitForAssertion(() => Assert.Contains("Manager or Reviewer", cut.Find("[data-testid=agreement-error]").TextContent), Wait);
        Assert.Empty(cut.FindAll("[data-testid=agreement-alpha]"));
    }

    [Fact]
    public async Task TheAnnotatorPageShowsTheirFigures()
    {
        var setup = await ProjectAsync("manager");
        await AnswerAllAsync(setup, setup.A, "pos", "pos", "neg");
        await AnswerAllAsync(setup, setup.B, "pos", "neg", "neg");
        Render<MudPopoverProvider>();

        var cut = Render<AnnotatorAgreementPage>(p => p.Add(x => x.ProjectId, setup.ProjectId).Add(x => x.UserId, setup.A.Id));

        cut.WaitForAssertion(() => Assert.Equal("a@example.test", cut.Find("[data-testid=annotator-name]").TextContent), Wait);
        Assert.Equal("3", cut.Find("[data-testid=annotator-answers] .stat-value").TextContent);
        Assert.Equal("66.7%", cut.Find("[data-testid=annotator-with-others] .stat-value").TextContent);
        Assert.Equal("0.400", cut.Find($"[data-testid=pair-{setup.B.Id}] [data-testid=pair-kappa]").TextContent);
        // With one other annotator, "the others' majority" is B: A matches on items 1 and 3.
        Assert.Equal("66.7%", cut.Find("[data-testid=annotator-majority] .stat-value").TextContent);
        Assert.Equal(["1", "1", "0", "1"], cut.FindAll("[data-testid=annotator-majority-confusion] td.heat-cell").Select(c => c.TextContent.Trim()));
        Assert.NotNull(cut.Find("[data-testid=annotator-model-confusion]"));
        Assert.NotNull(cut.Find("[data-testid=annotator-counts]"));
        Assert.Contains("<script>alert(1)</script>Bea", cut.Find("[data-testid=annotator-pairs]").TextContent);
    }

    [Fact]
    public async Task TheAnnotatorPageIsClosedToAnnotators()
    {
        var setup = await ProjectAsync("outsider");
        await AnswerAllAsync(setup, setup.A, "pos", "pos", "neg");

        var cut = Render<AnnotatorAgreementPage>(p => p.Add(x => x.ProjectId, setup.ProjectId).Add(x => x.UserId, setup.A.Id));

        cut.WaitForAssertion(() => Assert.Contains("You do not have access", cut.Markup), Wait);
        Assert.Empty(cut.FindAll("[data-testid=annotator-name]"));
    }
}
