using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Queue;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Annotate.Web.Tests.Components;

public class QueueTabTests : ComponentTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly Answer Positive = new(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "pos") });

    private QueueService Queue => Services.GetRequiredService<QueueService>();

    private sealed record Setup(int ProjectId, AppUser Manager, AppUser Annotator)
    {
        public Caller ManagerCaller => new(Manager.Id, false);

        public Caller AnnotatorCaller => new(Annotator.Id, false);
    }

    /// <summary>
    /// A Manager, an annotator, a schema and three items with a "score" metadata field; k = 1. Signs one of the two in
    /// first (bUnit takes no registrations once a service was resolved).
    /// </summary>
    private async Task<Setup> ProjectAsync(bool asManager)
    {
        var manager = await AddUserAsync("m@example.test");
        var annotator = await AddUserAsync("a@example.test");
        SignIn(asManager ? manager : annotator);
        var project = await AddProjectAsync("Reviews", (manager, ProjectRoles.Manager), (annotator, ProjectRoles.Annotator));
        await Services.GetRequiredService<SchemaService>().SaveAsync(new Caller(manager.Id, false), project.Id,
            new LabelSchema([new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
                [new LabelDefinition("pos", "Positive", "#43a047", "1"), new LabelDefinition("neg", "Negative", "#e53935", "2")])]), Ct);
        await using var db = NewDb();
        for (var i = 1; i <= 3; i++)
        {
            db.Items.Add(new Item { ProjectId = project.Id, Text = $"Review {i}", ContentHash = $"h{i}", MetadataJson = $$"""{"score":"{{i}}"}""", CreatedAt = DateTime.UtcNow });
        }
        await db.SaveChangesAsync(Ct);
        return new Setup(project.Id, manager, annotator);
    }

    private IRenderedComponent<QueueTab> RenderTab(int projectId, bool canManage, bool canAnnotate)
    {
        Render<MudPopoverProvider>();
        var cut = Render<QueueTab>(p => p.Add(x => x.ProjectId, projectId).Add(x => x.CanManage, canManage).Add(x => x.CanAnnotate, canAnnotate));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=queue-panel]")));
        return cut;
    }

    private static string Stat(IRenderedComponent<QueueTab> cut, string testId) => cut.Find($"[data-testid={testId}] .stat-value").TextContent.Trim();

    private async Task SubmitOneAsync(Setup setup)
    {
        var item = (await Queue.NextAsync(setup.AnnotatorCaller, setup.ProjectId, null, false, Ct))!;
        await Queue.SubmitAsync(setup.AnnotatorCaller, setup.ProjectId, item.ItemId, new SubmitRequest(Positive, 2000), Ct);
    }

    [Fact]
    public async Task AManagerSeesTheSettingsFormAndTheDashboardWithTheAnnotatorsRow()
    {
        var setup = await ProjectAsync(asManager: true);
        await SubmitOneAsync(setup);

        var cut = RenderTab(setup.ProjectId, canManage: true, canAnnotate: false);

        cut.WaitForAssertion(() => Assert.Equal("1", Stat(cut, "dash-completed")));
        Assert.Equal("2", Stat(cut, "dash-remaining"));
        Assert.Equal("1", Stat(cut, "dash-submitted-hour"));
        Assert.Equal("3", Stat(cut, "dash-items"));
        Assert.Contains("1 of 3 items", cut.Find("[data-testid=dash-completion]").TextContent);
        var row = cut.Find("[data-testid='dash-annotator-a@example.test']");
        Assert.Equal("1", row.QuerySelector("[data-testid=dash-total]")!.TextContent.Trim());
        Assert.Equal("2.0", row.QuerySelector("[data-testid=dash-median]")!.TextContent.Trim());
        Assert.NotNull(row.QuerySelector("[data-testid=dash-now]"));
        Assert.NotNull(cut.Find("input[data-testid=queue-overlap]"));
        Assert.NotNull(cut.Find("[data-testid=queue-save]"));
        Assert.Empty(cut.FindAll("[data-testid=start-card]"));
    }

    [Fact]
    public async Task AnAnnotatorSeesOnlyTheStartCardAndTheSettingsReadOnly()
    {
        var setup = await ProjectAsync(asManager: false);
        await Queue.SaveSettingsAsync(setup.ManagerCaller, setup.ProjectId, new QueueSettings(1, 30, QueueOrder.MetadataField, 0, "score", true), Ct);
        await SubmitOneAsync(setup);

        var cut = RenderTab(setup.ProjectId, canManage: false, canAnnotate: true);

        var start = cut.Find("[data-testid=start-labeling]");
        Assert.Equal($"/projects/{setup.ProjectId}/label", start.GetAttribute("href"));
        Assert.Equal("2", cut.Find("[data-testid=my-remaining]").TextContent.Trim());
        Assert.Equal(("1", "1", "2"), (cut.Find("[data-testid=my-today]").TextContent, cut.Find("[data-testid=my-total]").TextContent, cut.Find("[data-testid=project-remaining]").TextContent));
        Assert.Contains("Enter", cut.Find("[data-testid=keyboard-hints]").TextContent);
        Assert.Contains("By 'score', descending", cut.Find("[data-testid=queue-readonly]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=queue-dashboard]"));
        Assert.Empty(cut.FindAll("[data-testid=queue-save]"));
        Assert.Empty(cut.FindAll("input"));
    }

    [Fact]
    public async Task TheDashboardMovesWhenAnAnnotatorSubmits()
    {
        var setup = await ProjectAsync(asManager: true);
                var cut = RenderTab(setup.ProjectId, canManage: true, canAnnotate: false);
        cut.WaitForAssertion(() => Assert.Equal("0", Stat(cut, "dash-completed")));
        Assert.Empty(cut.FindAll("[data-testid=dash-now]"));

        // The queue publishes QueueUpdated on each submission; the open dashboard refreshes from it.
        await SubmitOneAsync(setup);
        cut.WaitForAssertion(() => Assert.Equal(("1", "2", "1"), (Stat(cut, "dash-completed"), Stat(cut, "dash-remaining"), Stat(cut, "dash-submitted-hour"))), Wait);
        Assert.NotNull(cut.Find("[data-testid='dash-annotator-a@example.test'] [data-testid=dash-now]"));

        // A second one within the same second is folded into the refresh at the end of the interval, not lost.
        await SubmitOneAsync(setup);
        cut.WaitForAssertion(() => Assert.Equal(("2", "1"), (Stat(cut, "dash-completed"), Stat(cut, "dash-remaining"))), Wait);
    }

    [Fact]
    public async Task AManagerSavesAByFieldOrderAndAnUnknownFieldIsShownOnTheField()
    {
        var setup = await ProjectAsync(asManager: true);
                var cut = RenderTab(setup.ProjectId, canManage: true, canAnnotate: false);

        var order = cut.FindComponent<MudSelect<QueueOrder>>();
        await cut.InvokeAsync(() => order.Instance.ValueChanged.InvokeAsync(QueueOrder.MetadataField));
        var field = cut.FindComponent<MudAutocomplete<string>>();
        await cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("scroe"));
        await cut.Find("[data-testid=queue-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("no metadata field 'scroe'; their fields are: score", cut.Find("[data-testid=queue-error]").TextContent));
        Assert.Equal(QueueOrder.LeastAnnotated, (await Queue.GetSettingsAsync(setup.ManagerCaller, setup.ProjectId, Ct)).Order);

        await cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("score"));
        await cut.Find("input[data-testid=queue-descending]").ClickAsync(new());
        await cut.Find("[data-testid=queue-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Queue settings saved"));
        var saved = await Queue.GetSettingsAsync(setup.ManagerCaller, setup.ProjectId, Ct);
        Assert.Equal((QueueOrder.MetadataField, "score", true), (saved.Order, saved.OrderField, saved.Descending));
        Assert.Empty(cut.FindAll("[data-testid=queue-error]"));
    }

    [Fact]
    public async Task TheProjectPagesQueueTabIsTheRealTabForAnAnnotator()
    {
        var setup = await ProjectAsync(asManager: false);
                Render<MudPopoverProvider>();

        var cut = Render<Annotate.Web.Features.Projects.ProjectPage>(p => p.Add(x => x.ProjectId, setup.ProjectId).Add(x => x.Tab, "queue"));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=start-labeling]")));
        Assert.Equal("3", cut.Find("[data-testid=my-remaining]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=upcoming-tab]"));
        Assert.Empty(cut.FindAll("[data-testid=queue-dashboard]"));
    }
}
