using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Queue;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Annotate.Web.Tests.Components;

public class LabelsTabTests : ComponentTestContext
{
    private SchemaService Schemas => Services.GetRequiredService<SchemaService>();

    private async Task<(Caller Manager, int ProjectId)> ManagedProjectAsync()
    {
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Reviews", (manager, ProjectRoles.Manager));
        SignIn(manager);
        return (new Caller(manager.Id, false), project.Id);
    }

    private IRenderedComponent<LabelsTab> RenderTab(int projectId, bool canManage = true)
    {
        var cut = Render<LabelsTab>(p => p.Add(x => x.ProjectId, projectId).Add(x => x.CanManage, canManage));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=queue-panel]")));
        return cut;
    }

    private static Task SetAsync(IElement input, string value) => input.ChangeAsync(new ChangeEventArgs { Value = value });

    private static LabelSchema Sentiment(string guidelines = "") => new(
        [new QuestionDefinition("sentiment", "Sentiment?", QuestionKind.Single,
            [new("positive", "Positive", "#43a047", "1"), new("negative", "Negative", "#e53935", "2"), new("neutral", "Neutral", "#757575", "3")])],
        guidelines);

    [Fact]
    public async Task AManagerAddsASingleLabelQuestionWithTwoLabelsAndSavesVersionOne()
    {
        var (manager, projectId) = await ManagedProjectAsync();
        var cut = RenderTab(projectId);
        Assert.Contains("Not saved yet", cut.Find("[data-testid=schema-version]").TextContent);
        Assert.Equal(6, cut.FindAll("[data-testid=template]").Count);

        await cut.Find("[data-testid=add-question]").ClickAsync(new());
        await SetAsync(cut.Find("input[data-testid=question-title]"), "Is it spam?");
        await SetAsync(cut.FindAll("input[data-testid=label-name]")[0], "Spam");
        await cut.Find("[data-testid=add-label]").ClickAsync(new());
        await SetAsync(cut.FindAll("input[data-testid=label-name]")[1], "Not spam");
        await SetAsync(cut.FindAll("input[data-testid=label-hotkey]")[1], "n");
        Assert.Contains("key: not_spam", cut.Markup);
        await cut.Find("[data-testid=schema-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.StartsWith("Version 1, saved", cut.Find("[data-testid=schema-version]").TextContent.Trim()));
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Schema saved as version 1");
        var saved = await Schemas.GetAsync(manager, projectId, Ct);
        Assert.Equal(1, saved.Version);
        var question = Assert.Single(saved.Schema.Questions);
        Assert.Equal(("is_it_spam", "Is it spam?", QuestionKind.Single), (question.Key, question.Title, question.Kind));
        Assert.Equal(["spam", "not_spam"], question.AllLabels.Select(l => l.Key));
        Assert.Equal(["Spam", "Not spam"], question.AllLabels.Select(l => l.Name));
        Assert.Equal("n", question.AllLabels[1].Hotkey);
        // Saved keys are read-only from now on.
        Assert.True(cut.Find("input[data-testid=question-key]").HasAttribute("readonly"));
    }

    [Fact]
    public async Task ADuplicateHotkeyShowsTheProblemAndSavesNothing()
    {
        var (manager, projectId) = await ManagedProjectAsync();
        var cut = RenderTab(projectId);

        await cut.Find("[data-testid=add-question]").ClickAsync(new());
        await SetAsync(cut.Find("input[data-testid=question-title]"), "Topic");
        await SetAsync(cut.FindAll("input[data-testid=label-name]")[0], "Sports");
        await cut.Find("[data-testid=add-label]").ClickAsync(new());
        await SetAsync(cut.FindAll("input[data-testid=label-name]")[1], "Science");
        await SetAsync(cut.FindAll("input[data-testid=label-hotkey]")[0], "x");
        await SetAsync(cut.FindAll("input[data-testid=label-hotkey]")[1], "x");
        await cut.Find("[data-testid=schema-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("hotkey 'x' is already used by topic/Sports", cut.Find("[data-testid=schema-problems]").TextContent));
        Assert.Equal(0, (await Schemas.GetAsync(manager, projectId, Ct)).Version);
    }

    [Fact]
    public async Task RemovingASavedLabelKeepsItRetiredInVersionTwo()
    {
        var (manager, projectId) = await ManagedProjectAsync();
        await Schemas.SaveAsync(manager, projectId, Sentiment(), Ct);
        var cut = RenderTab(projectId);
        Assert.Empty(cut.FindAll("[data-testid=schema-templates]"));

        await cut.Find("[data-testid=label-row][data-key=negative] [data-testid=remove-label]").ClickAsync(new());
        Assert.Contains("Will be retired, not deleted", cut.Find("[data-testid=label-removed]").TextContent);
        await cut.Find("[data-testid=schema-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.StartsWith("Version 2", cut.Find("[data-testid=schema-version]").TextContent.Trim()));
        var saved = await Schemas.GetAsync(manager, projectId, Ct);
        Assert.Equal(2, saved.Version);
        var labels = saved.Schema.Questions.Single().AllLabels;
        Assert.Equal(["positive", "negative", "neutral"], labels.Select(l => l.Key));
        Assert.True(labels.Single(l => l.Key == "negative").Retired);
        Assert.Null(labels.Single(l => l.Key == "negative").Hotkey);
        Assert.Equal(["positive", "neutral"], saved.Schema.Questions.Single().ActiveLabels.Select(l => l.Key));
        // The retired label is shown greyed, with a chip, and no field to edit it.
        var retired = cut.Find("[data-testid=label-retired]");
        Assert.Contains("Negative", retired.TextContent);
        Assert.Contains("retired", retired.TextContent);
        Assert.Empty(retired.QuerySelectorAll("input"));
        Assert.Equal(2, cut.FindAll("[data-testid=label-row]").Count);
    }

    [Fact]
    public async Task AnAnnotatorSeesTheSchemaReadOnlyWithoutSaveButtons()
    {
        var manager = await AddUserAsync("m@example.test");
        var annotator = await AddUserAsync("a@example.test");
        var project = await AddProjectAsync("Reviews", (manager, ProjectRoles.Manager), (annotator, ProjectRoles.Annotator));
        SignIn(annotator);
        await Schemas.SaveAsync(new Caller(manager.Id, false), project.Id, Sentiment("Label the **overall** tone."), Ct);

        var cut = RenderTab(project.Id, canManage: false);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=question-card]")));
        Assert.Empty(cut.FindAll("[data-testid=schema-save]"));
        Assert.Empty(cut.FindAll("[data-testid=queue-save]"));
        Assert.Empty(cut.FindAll("[data-testid=add-question]"));
        Assert.Empty(cut.FindAll("[data-testid=guidelines-input]"));
        Assert.Empty(cut.FindAll("input"));
        Assert.Equal(["Positive [1]", "Negative [2]", "Neutral [3]"], cut.FindAll("[data-testid=label-chip]").Select(c => c.TextContent.Trim()));
        Assert.Contains("<strong>overall</strong>", cut.Find("[data-testid=guidelines-preview]").InnerHtml);
        // The service refuses the annotator as well; the UI only hides the controls.
        await Assert.ThrowsAsync<ForbiddenException>(() => Schemas.SaveAsync(new Caller(annotator.Id, false), project.Id, Sentiment(), Ct));
    }

    [Fact]
    public async Task GuidelinesWithAScriptTagAreShownEscaped()
    {
        var (manager, projectId) = await ManagedProjectAsync();
        await Schemas.SaveAsync(manager, projectId, Sentiment("# Rules\n\n<script>alert(1)</script>\n\n[click](javascript:alert(2)) <img src=x onerror=alert(3)>"), Ct);

        var cut = RenderTab(projectId);

        var preview = cut.Find("[data-testid=guidelines-preview]");
        Assert.NotNull(preview.QuerySelector("h1"));
        Assert.Empty(preview.QuerySelectorAll("script"));
        Assert.Empty(preview.QuerySelectorAll("img"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", preview.InnerHtml);
        Assert.Contains("<script>alert(1)</script>", preview.TextContent);
        Assert.DoesNotContain("javascript:", preview.InnerHtml);
        Assert.Equal("#", preview.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void GuidelinesMarkdownEscapesRawHtmlAndScriptUrls()
    {
        var html = GuidelinesMarkdown.ToHtml("Hi <b onclick=\"x()\">there</b> [a](JavaScript:alert(1)) <javascript:alert(2)> [ok](https://example.test/x) [rel](#anchor)");
        Assert.DoesNotContain("<b", html);
        Assert.Contains("&lt;b onclick=&quot;x()&quot;&gt;", html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://example.test/x\"", html);
        Assert.Contains("href=\"#anchor\"", html);
        Assert.Equal("", GuidelinesMarkdown.ToHtml("  "));
    }

    [Fact]
    public async Task AStarterTemplateFillsAQuestionThatSaves()
    {
        var (manager, projectId) = await ManagedProjectAsync();
        var cut = RenderTab(projectId);

        await cut.FindAll("[data-testid=template]").Single(b => b.TextContent.Contains("Sentiment")).ClickAsync(new());
        await cut.Find("[data-testid=schema-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.StartsWith("Version 1", cut.Find("[data-testid=schema-version]").TextContent.Trim()));
        var question = (await Schemas.GetAsync(manager, projectId, Ct)).Schema.Questions.Single();
        Assert.Equal(("sentiment", QuestionKind.Single), (question.Key, question.Kind));
        Assert.Equal(["positive", "neutral", "negative"], question.AllLabels.Select(l => l.Key));
    }

    [Fact]
    public async Task QueueSettingsSaveAndAZeroLeaseShowsTheError()
    {
        var (manager, projectId) = await ManagedProjectAsync();
        var queue = Services.GetRequiredService<QueueService>();
        var cut = RenderTab(projectId);

        await SetAsync(cut.Find("input[data-testid=queue-overlap]"), "3");
        await cut.Find("[data-testid=queue-save]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Queue settings saved"));
        Assert.Equal(3, (await queue.GetSettingsAsync(manager, projectId, Ct)).Overlap);
        Assert.Empty(cut.FindAll("[data-testid=queue-error]"));

        await SetAsync(cut.Find("input[data-testid=queue-lease]"), "0");
        await cut.Find("[data-testid=queue-save]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("1 to 1,440 minutes", cut.Find("[data-testid=queue-error]").TextContent));
        var settings = await queue.GetSettingsAsync(manager, projectId, Ct);
        Assert.Equal((3, 30), (settings.Overlap, settings.LeaseMinutes));
    }

    [Fact]
    public async Task TheProjectPagesLabelsTabShowsTheSchemaToAnAnnotatorReadOnly()
    {
        var manager = await AddUserAsync("m@example.test");
        var annotator = await AddUserAsync("a@example.test");
        var project = await AddProjectAsync("Reviews", (manager, ProjectRoles.Manager), (annotator, ProjectRoles.Annotator));
        SignIn(annotator);
        await Schemas.SaveAsync(new Caller(manager.Id, false), project.Id, Sentiment(), Ct);
        Render<MudPopoverProvider>();

        var cut = Render<Annotate.Web.Features.Projects.ProjectPage>(p => p.Add(x => x.ProjectId, project.Id).Add(x => x.Tab, "labels"));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=label-chip]")));
        Assert.Empty(cut.FindAll("[data-testid=upcoming-tab]"));
        Assert.Empty(cut.FindAll("[data-testid=schema-save]"));
        Assert.Contains("Version 1", cut.Find("[data-testid=schema-version]").TextContent);
    }

    [Fact]
    public async Task ARemovedQuestionIsRetiredAndItsKeyCannotBeTakenByANewOne()
    {
        var (manager, projectId) = await ManagedProjectAsync();
        await Schemas.SaveAsync(manager, projectId, Sentiment() with
        {
            Questions = [.. Sentiment().Questions, new QuestionDefinition("quality", "Quality?", QuestionKind.Rating)],
        }, Ct);
        var cut = RenderTab(projectId);

        await cut.Find("[data-testid=question-card][data-key=quality] [data-testid=remove-question]").ClickAsync(new());
        Assert.Contains("retired, not deleted", cut.Find("[data-testid=question-card][data-key=quality]").TextContent);
        await cut.Find("[data-testid=schema-save]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.StartsWith("Version 2", cut.Find("[data-testid=schema-version]").TextContent.Trim()));
        var saved = await Schemas.GetAsync(manager, projectId, Ct);
        Assert.Equal(["sentiment"], saved.Schema.Questions.Select(q => q.Key));
        Assert.Equal(["quality"], saved.Schema.RetiredQuestions.Select(q => q.Key));
        Assert.Contains("Quality? (quality)", cut.Find("[data-testid=retired-questions]").TextContent);

        await cut.Find("[data-testid=add-question]").ClickAsync(new());
        var card = cut.FindAll("[data-testid=question-card]")[1];
        await SetAsync(card.QuerySelector("input[data-testid=question-title]")!, "Quality");
        await SetAsync(cut.FindAll("[data-testid=question-card]")[1].QuerySelector("input[data-testid=label-name]")!, "Good");
        await cut.Find("[data-testid=schema-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("that key belonged to a retired question", cut.Find("[data-testid=schema-problems]").TextContent));
        Assert.Equal(2, (await Schemas.GetAsync(manager, projectId, Ct)).Version);
    }
}
