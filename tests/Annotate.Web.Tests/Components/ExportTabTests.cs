using System.Text.Json;
using Annotate.Core.Export;
using Annotate.Core.Export.Splits;
using Annotate.Core.Jobs;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Export;
using Annotate.Web.Features.Review;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using MudBlazor;

namespace Annotate.Web.Tests.Components;

/// <summary>The Export tab's settings form (validation, the request it builds), its summary and the past-exports list.</summary>
public class ExportTabTests : ComponentTestContext
{
    private static readonly ExportChoices Choices = new(
        [new ExportQuestion("sentiment", "Sentiment", false, ["pos", "neg"]), new ExportQuestion("topics", "Topics", true, ["sport", "politics"])],
        ["a.csv", "b.csv"]);

    private static readonly string SentimentSchema = Annotate.Core.Labeling.LabelingJson.Serialize(new Annotate.Core.Labeling.LabelSchema(
        [new Annotate.Core.Labeling.QuestionDefinition("sentiment", "Sentiment", Annotate.Core.Labeling.QuestionKind.Single, [new("pos", "Positive")])]));

    private (IRenderedComponent<ExportSettingsForm> Form, List<ExportRequest> Started) RenderForm()
    {
        var started = new List<ExportRequest>();
        Render<MudPopoverProvider>();
        var form = Render<ExportSettingsForm>(p => p
            .Add(x => x.Choices, Choices)
            .Add(x => x.OnStart, (ExportRequest r) => started.Add(r)));
        return (form, started);
    }

    private static ExportSummary Summary(string label) => new(
        10, 2, [label, "neg"],
        [
            new ManifestSplit("train", 0.8, 8, 8, 8, new Dictionary<string, int> { [label] = 6, ["neg"] = 2 }, new Dictionary<string, double> { [label] = 6, ["neg"] = 2 }),
            new ManifestSplit("validation", 0.1, 1, 1, 1, new Dictionary<string, int> { [label] = 1, ["neg"] = 0 }, new Dictionary<string, double> { [label] = 0.75, ["neg"] = 0.25 }),
            new ManifestSplit("test", 0.1, 1, 1, 1, new Dictionary<string, int> { [label] = 0, ["neg"] = 1 }, new Dictionary<string, double> { [label] = 0.75, ["neg"] = 0.25 }),
        ],
        new ManifestBalance("none", new Dictionary<string, int> { [label] = 6, ["neg"] = 2 }, new Dictionary<string, int> { [label] = 6, ["neg"] = 2 }, 3, 3, 0, 0),
        0, 0.25);

    [Fact]
    public async Task TheDefaultsStartAStratified801010ExportWithTheFinalLabelOrder()
    {
        var (form, started) = RenderForm();

        await form.InvokeAsync(() => form.Find("[data-testid=export-start]").Click());

        var request = Assert.Single(started);
        Assert.Equal("sentiment", request.Question);
        Assert.Equal((0.8, 0.1, 0.1), (request.Train, request.Validation, request.Test));
        Assert.Equal(SplitStrategy.Stratified, request.Strategy);
        Assert.Equal(ExportRequest.DefaultSources, request.SourceOrder);
        Assert.Equal(42, request.Seed);
    }

    [Fact]
    public async Task SharesThatDoNotAddUpTo100AreShownOnTheFieldAndNothingStarts()
    {
        var (form, started) = RenderForm();

        await form.InvokeAsync(() => form.Find("input[data-testid=export-test]").Change("5"));
        await form.InvokeAsync(() => form.Find("[data-testid=export-start]").Click());

        Assert.Empty(started);
        form.WaitForAssertion(() => Assert.Contains("add up to 95%", form.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StratifiedOnAMultiLabelQuestionAsksForIterativeStratification()
    {
        var (form, started) = RenderForm();

        await form.InvokeAsync(() => form.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Question").Instance.SelectOption("topics"));
        await form.InvokeAsync(() => form.FindComponents<MudSelect<SplitStrategy>>().Single().Instance.SelectOption(SplitStrategy.Stratified));
        await form.InvokeAsync(() => form.Find("[data-testid=export-start]").Click());

        Assert.Empty(started);
        form.WaitForAssertion(() => Assert.Contains("use iterative stratification", form.Markup, StringComparison.Ordinal));

        await form.InvokeAsync(() => form.FindComponents<MudSelect<SplitStrategy>>().Single().Instance.SelectOption(SplitStrategy.Iterative));
        await form.InvokeAsync(() => form.Find("[data-testid=export-start]").Click());
        Assert.Equal(("topics", SplitStrategy.Iterative), (Assert.Single(started).Question, started[0].Strategy));
    }

    [Fact]
    public async Task SourcesCanBeLeftOutAndReorderedButNotAllLeftOut()
    {
        var (form, started) = RenderForm();

        // Single annotator up above consensus, weak labels out.
        var single = form.FindAll("[data-testid=export-source]").ToList().FindIndex(r => r.GetAttribute("data-source") == nameof(FinalLabelSource.Single));
        await form.InvokeAsync(() => form.FindAll("[data-testid=export-source]")[single].QuerySelector("button[aria-label='Move up']")!.Click());
        await form.InvokeAsync(() => form.Find($"input[data-testid=export-source-{FinalLabelSource.Weak}]").Change(false));
        await form.InvokeAsync(() => form.Find("[data-testid=export-start]").Click());
        Assert.Equal([FinalLabelSource.Gold, FinalLabelSource.Review, FinalLabelSource.Single, FinalLabelSource.Consensus], Assert.Single(started).Sources);

        foreach (var source in ExportRequest.DefaultSources)
        {
            await form.InvokeAsync(() => form.Find($"input[data-testid=export-source-{source}]").Change(false));
        }
        await form.InvokeAsync(() => form.Find("[data-testid=export-start]").Click());
        Assert.Single(started);
        form.WaitForAssertion(() => Assert.Contains("at least one source", form.Find("[data-testid=export-sources-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABrokenChatTemplateIsNamedOnItsField()
    {
        var (form, started) = RenderForm();

        await form.InvokeAsync(() => form.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Format").Instance.SelectOption("openai-chat"));
        await form.InvokeAsync(() => form.Find("textarea[data-testid=export-chat-system]").Change("Answer with {label_names"));
        await form.InvokeAsync(() => form.Find("[data-testid=export-start]").Click());

        Assert.Empty(started);
        form.WaitForAssertion(() => Assert.Contains("The system message", form.Markup, StringComparison.Ordinal));

        await form.InvokeAsync(() => form.Find("textarea[data-testid=export-chat-system]").Change("You sort posts. Labels: {label_names}."));
        await form.InvokeAsync(() => form.Find("[data-testid=export-start]").Click());
        var request = Assert.Single(started);
        Assert.Equal(("openai-chat", "You sort posts. Labels: {label_names}."), (request.Format, request.ChatSystem));
    }

    [Fact]
    public async Task GroupedItemsBringAHintUntilTheGroupAwareStrategyIsChosen()
    {
        Render<MudPopoverProvider>();
        var form = Render<ExportSettingsForm>(p => p.Add(x => x.Choices, Choices with { GroupedItems = 12 }));

        Assert.Contains("12 items share a group key", form.Find("[data-testid=export-groups-hint]").TextContent, StringComparison.Ordinal);

        await form.InvokeAsync(() => form.FindComponents<MudSelect<SplitStrategy>>().Single().Instance.SelectOption(SplitStrategy.Group));
        form.WaitForAssertion(() => Assert.Empty(form.FindAll("[data-testid=export-groups-hint]")));
    }

    [Fact]
    public void TheSummaryEscapesLabelNamesInTheChartAndTable()
    {
        var summary = Render<ExportSummaryView>(p => p.Add(x => x.Summary, Summary("<b>pos</b>")));

        // No element comes from a label's text, in the chart's SVG or anywhere else.
        Assert.Empty(summary.FindAll("b"));
        Assert.Contains("&lt;b&gt;pos&lt;/b&gt;", summary.Find("[data-testid=export-chart]").InnerHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;pos&lt;/b&gt;", summary.Find("[data-testid=export-class-table]").InnerHtml, StringComparison.Ordinal);
        Assert.Contains("3×", summary.Find("[data-testid=export-imbalance]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(summary.Find("[data-testid=export-chart] svg"));
    }

    [Fact]
    public async Task TheTabListsThePastExportsOfItsProjectWithTheirDownloadLinks()
    {
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Export", (manager, ProjectRoles.Manager));
        var other = await AddProjectAsync("Other", (manager, ProjectRoles.Manager));
        SignIn(manager);
        await using (var db = NewDb())
        {
            db.LabelSchemas.Add(new LabelSchemaVersion { ProjectId = project.Id, Version = 1, DefinitionJson = SentimentSchema, CreatedAt = DateTime.UtcNow });
            string Result(string format) => JsonSerializer.Serialize(new ExportJobResult("exports/x.zip", 2048, "ab", format, "stratified", 42, "sentiment", Summary("pos")), JsonSerializerOptions.Web);
            db.Jobs.Add(new Job { ProjectId = project.Id, Kind = ExportJob.JobKind, Status = JobStatus.Succeeded, CreatedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, CreatedById = manager.Id, ResultJson = Result("hf") });
            db.Jobs.Add(new Job { ProjectId = project.Id, Kind = ExportJob.JobKind, Status = JobStatus.Failed, CreatedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, Error = "No item" });
            db.Jobs.Add(new Job { ProjectId = other.Id, Kind = ExportJob.JobKind, Status = JobStatus.Succeeded, CreatedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, ResultJson = Result("csv") });
            await db.SaveChangesAsync(Ct);
        }
        Render<MudPopoverProvider>();

        var tab = Render<ExportTab>(p => p.Add(x => x.ProjectId, project.Id));

        tab.WaitForAssertion(() => Assert.Single(tab.FindAll("[data-testid=past-export-format]")));
        Assert.Equal("hf", tab.Find("[data-testid=past-export-format]").TextContent.Trim());
        Assert.Equal("10", tab.Find("[data-testid=past-export-items]").TextContent.Trim());
        var download = tab.Find("[data-testid=past-export-download]");
        Assert.StartsWith($"/api/projects/{project.Id}/exports/", download.GetAttribute("href"), StringComparison.Ordinal);
        Assert.True(download.HasAttribute("download"));
    }

    [Fact]
    public async Task WithoutPastExportsTheListSaysSo()
    {
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Empty", (manager, ProjectRoles.Manager));
        SignIn(manager);
        await using (var db = NewDb())
        {
            db.LabelSchemas.Add(new LabelSchemaVersion { ProjectId = project.Id, Version = 1, DefinitionJson = SentimentSchema, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        }
        Render<MudPopoverProvider>();

        var tab = Render<ExportTab>(p => p.Add(x => x.ProjectId, project.Id));

        tab.WaitForAssertion(() => Assert.NotNull(tab.Find("[data-testid=no-exports]")));
    }
}
