using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.Queue.Workbench;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Components;

/// <summary>
/// The workbench against the real queue over SQLite. Keys arrive the way the page script sends them, through the
/// component's <c>OnKey</c> and <c>OnSelection</c> (bUnit has no browser to press them in).
/// </summary>
public class WorkbenchTests : ComponentTestContext
{
    private static LabelSchema Sentiment(string guidelines = "") => new(
        [new QuestionDefinition("sentiment", "Sentiment?", QuestionKind.Single,
            [new("positive", "Positive", "#43a047"), new("negative", "Negative", "#e53935"), new("neutral", "Neutral", "#757575", "n")])],
        guidelines);

    private async Task<(Caller Annotator, int ProjectId)> ProjectAsync(LabelSchema schema, params string[] texts)
    {
        var manager = await AddUserAsync("m@example.test");
        var annotator = await AddUserAsync("a@example.test");
        var project = await AddProjectAsync("Reviews", (manager, ProjectRoles.Manager), (annotator, ProjectRoles.Annotator));
        SignIn(annotator);
        await Services.GetRequiredService<SchemaService>().SaveAsync(new Caller(manager.Id, false), project.Id, schema, Ct);
        await using (var db = NewDb())
        {
            foreach (var (text, i) in texts.Select((t, i) => (t, i)))
            {
                db.Items.Add(new Item { ProjectId = project.Id, Text = text, ContentHash = $"h{i}", CreatedAt = DateTime.UtcNow, MetadataJson = $$"""{"source":"row {{i + 1}}"}""" });
            }
            await db.SaveChangesAsync(Ct);
        }
        return (new Caller(annotator.Id, false), project.Id);
    }

    private IRenderedComponent<LabelingWorkbench> RenderWorkbench(int projectId)
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        var cut = Render<LabelingWorkbench>(p => p.Add(x => x.ProjectId, projectId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=item-text]")));
        return cut;
    }

    private static Task KeyAsync(IRenderedComponent<LabelingWorkbench> cut, string key, bool ctrl = false, bool inEditable = false) =>
        cut.InvokeAsync(() => cut.Instance.OnKey(key, ctrl, false, inEditable));

    private static string ShownText(IRenderedComponent<LabelingWorkbench> cut) => cut.Find("[data-testid=item-text]").TextContent;

    private static bool Pressed(IRenderedComponent<LabelingWorkbench> cut, string label) =>
        cut.Find($"[data-testid=label-{label}]").GetAttribute("aria-pressed") == "true";

    private async Task<List<Annotation>> AnnotationsAsync(int projectId)
    {
        await using var db = NewDb();
        return await db.Annotations.Where(a => a.ProjectId == projectId).OrderBy(a => a.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task DigitKeysChooseLabelsInOrderAndAConfiguredKeyChoosesItsLabel()
    {
        var (_, projectId) = await ProjectAsync(Sentiment(), "Great phone", "Bad battery");
        var cut = RenderWorkbench(projectId);

        // Positive and Negative have no hotkey of their own: they get 1 and 2; Neutral keeps its n.
        Assert.Equal("1", cut.Find("[data-testid=label-positive] kbd").TextContent);
        Assert.Equal("n", cut.Find("[data-testid=label-neutral] kbd").TextContent);
        await KeyAsync(cut, "2");
        Assert.True(Pressed(cut, "negative"));
        Assert.False(Pressed(cut, "positive"));
        await KeyAsync(cut, "N");
        Assert.True(Pressed(cut, "neutral"));
        Assert.False(Pressed(cut, "negative"));
        // A key that is no label's does nothing.
        await KeyAsync(cut, "7");
        Assert.True(Pressed(cut, "neutral"));
    }

    [Fact]
    public async Task TheLabelModelsSuggestionIsPreselectedWithItsConfidenceAndEnterAcceptsIt()
    {
        var (_, projectId) = await ProjectAsync(Sentiment(), "Great phone", "Bad battery");
        int runId;
        await using (var db = NewDb())
        {
            var run = new WeakLabelRun { ProjectId = projectId, QuestionKey = "sentiment", Model = "MajorityVote", FunctionVersionsJson = "[]", ParametersJson = "{}", CreatedAt = DateTime.UtcNow };
            db.WeakLabelRuns.Add(run);
            await db.SaveChangesAsync(Ct);
            runId = run.Id;
            var items = await db.Items.Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(Ct);
            db.WeakLabels.Add(new WeakLabel { RunId = runId, ItemId = items[0], ProjectId = projectId, Label = "positive", Confidence = 0.92, Entropy = 0.3, ProbabilitiesJson = "[0.92,0.05,0.03]", AnyVote = true });
            db.WeakLabels.Add(new WeakLabel { RunId = runId, ItemId = items[1], ProjectId = projectId, Label = "positive", Confidence = 0.51, Entropy = 0.9, ProbabilitiesJson = "[0.51,0.40,0.09]", AnyVote = true });
            await db.SaveChangesAsync(Ct);
        }
        var cut = RenderWorkbench(projectId);

        Assert.Equal("Great phone", ShownText(cut));
        Assert.True(Pressed(cut, "positive"));
        var chip = cut.Find("[data-testid=suggestion-sentiment]");
        Assert.Equal("0.920", chip.GetAttribute("data-confidence"));
        Assert.Contains("Suggested: Positive", chip.TextContent);
        Assert.Contains("92", chip.TextContent);

        // Enter accepts the suggestion as it stands.
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.Equal("Bad battery", ShownText(cut)));
        // The next item's suggestion is pre-selected too; the annotator overrides it with a key.
        Assert.True(Pressed(cut, "positive"));
        await KeyAsync(cut, "2");
        Assert.True(Pressed(cut, "negative"));
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=queue-empty]")));

        var saved = await AnnotationsAsync(projectId);
        Assert.Equal(["positive", "negative"], saved.Select(a => LabelingJson.Deserialize<Answer>(a.AnswerJson).Questions["sentiment"].Label));
        Assert.Equal([runId, null], saved.Select(a => a.SuggestionRunId));
        Assert.All(saved, a => Assert.Equal(AnnotationSource.Human, a.Source));
    }

    [Fact]
    public async Task EnterSubmitsTheAnswerAndTheNextItemIsAlreadyThere()
    {
        var (_, projectId) = await ProjectAsync(Sentiment(), "Great phone", "Bad battery", "It is a phone");
        var cut = RenderWorkbench(projectId);
        var first = ShownText(cut);

        // Enter with nothing chosen names the question and submits nothing.
        await KeyAsync(cut, "Enter");
        Assert.Contains("Question 'sentiment': an answer is required.", cut.Find("[data-testid=answer-problems]").TextContent);
        Assert.Empty(await AnnotationsAsync(projectId));

        await KeyAsync(cut, "1");
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.NotEqual(first, ShownText(cut)));
        var second = ShownText(cut);
        Assert.False(Pressed(cut, "positive"));
        var saved = Assert.Single(await AnnotationsAsync(projectId));
        Assert.Equal("positive", LabelingJson.Deserialize<Answer>(saved.AnswerJson).Questions["sentiment"].Label);
        Assert.Equal(1, saved.Version);
        cut.WaitForAssertion(() => Assert.Contains("Today: 1", cut.Find("[data-testid=mine-today]").TextContent));
        cut.WaitForAssertion(() => Assert.Contains("Remaining: 2", cut.Find("[data-testid=remaining]").TextContent));

        // Three items, one done: the third comes next, then the queue is empty for this annotator.
        await KeyAsync(cut, "2");
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.NotEqual(second, ShownText(cut)));
        await KeyAsync(cut, "n");
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=queue-empty]")));
        Assert.Equal(3, (await AnnotationsAsync(projectId)).Select(a => a.ItemId).Distinct().Count());
    }

    [Fact]
    public async Task BackShowsThePreviousAnswerAndAChangeIsANewVersion()
    {
        var (_, projectId) = await ProjectAsync(Sentiment(), "Great phone", "Bad battery", "It is a phone");
        var cut = RenderWorkbench(projectId);
        var first = ShownText(cut);
        await KeyAsync(cut, "1");
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.NotEqual(first, ShownText(cut)));
        var queueText = ShownText(cut);

        await KeyAsync(cut, "Backspace");
        cut.WaitForAssertion(() => Assert.Equal(first, ShownText(cut)));
        Assert.NotNull(cut.Find("[data-testid=history-banner]"));
        Assert.True(Pressed(cut, "positive"));

        // Unchanged: Enter goes back to the queue item without a new version.
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.Equal(queueText, ShownText(cut)));
        Assert.Single(await AnnotationsAsync(projectId));

        // Ctrl+Z also goes back; change the answer: version 2, version 1 kept.
        await KeyAsync(cut, "z", ctrl: true);
        cut.WaitForAssertion(() => Assert.Equal(first, ShownText(cut)));
        await KeyAsync(cut, "2");
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.Equal(queueText, ShownText(cut)));
        var versions = await AnnotationsAsync(projectId);
        Assert.Equal([1, 2], versions.Select(a => a.Version));
        Assert.Equal(["positive", "negative"], versions.Select(a => LabelingJson.Deserialize<Answer>(a.AnswerJson).Questions["sentiment"].Label));
        Assert.Single(versions.Select(a => a.ItemId).Distinct());

        // The queue item was kept reserved while looking back, and is still unanswered.
        Assert.False(Pressed(cut, "negative"));
        Assert.Empty(cut.FindAll("[data-testid=history-banner]"));
    }

    [Fact]
    public async Task UserTextWithMarkupIsShownAsText()
    {
        const string hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> & <b>bold</b>";
        var (_, projectId) = await ProjectAsync(Sentiment("Read <script>alert(2)</script> carefully"), hostile);
        var cut = RenderWorkbench(projectId);

        Assert.Equal(hostile, ShownText(cut));
        Assert.Empty(cut.FindAll("[data-testid=item-text] script, [data-testid=item-text] img, [data-testid=item-text] b"));
        Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", cut.Markup);
        Assert.DoesNotContain("<script", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=guidelines] script"));
        Assert.Contains("row 1", cut.Find("[data-testid=item-metadata]").TextContent);
    }

    [Fact]
    public async Task SKeySkipsAndTheSkippedItemComesBackOnlyWhenAskedFor()
    {
        var (annotator, projectId) = await ProjectAsync(Sentiment(), "Great phone", "Bad battery");
        var cut = RenderWorkbench(projectId);
        var first = ShownText(cut);
        await KeyAsync(cut, "s");
        cut.WaitForAssertion(() => Assert.NotEqual(first, ShownText(cut)));
        await KeyAsync(cut, "1");
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=queue-empty]")));

        var history = await Services.GetRequiredService<QueueService>().HistoryAsync(annotator, projectId, 0, 10, Ct);
        Assert.Equal(["Submitted", "Skipped"], history.Select(h => h.Status));

        await cut.InvokeAsync(() => cut.Find("input[data-testid=skipped-mode]").Change(true));
        cut.WaitForAssertion(() => Assert.Equal(first, ShownText(cut)));
    }

    [Fact]
    public async Task ASpanIsMarkedFromAMouseSelectionAndALabelKeyAndRemovedByClickingIt()
    {
        var schema = new LabelSchema([new QuestionDefinition("entities", "Entities", QuestionKind.Spans,
            [new("person", "Person", "#8e24aa"), new("place", "Place", "#00897b")])]);
        var (_, projectId) = await ProjectAsync(schema, "Ada Lovelace lived in London.");
        var cut = RenderWorkbench(projectId);

        // Selection first (with a trailing space, trimmed), then the key.
        await cut.InvokeAsync(() => cut.Instance.OnSelection(0, 13));
        Assert.Equal("Ada Lovelace ", cut.Find("[data-testid=pending-selection]").TextContent);
        await KeyAsync(cut, "1");
        var mark = cut.Find("[data-testid=span]");
        Assert.Equal("Ada Lovelace", mark.TextContent);
        Assert.Equal("Person", mark.GetAttribute("data-label"));
        // The text stays the item's exact characters, so offsets from the browser keep matching.
        Assert.Equal("Ada Lovelace lived in London.", ShownText(cut));

        // Key first, then the selection.
        await KeyAsync(cut, "2");
        await cut.InvokeAsync(() => cut.Instance.OnSelection(22, 28));
        Assert.Equal(["Ada Lovelace", "London"], cut.FindAll("[data-testid=span]").Select(m => m.TextContent));

        // Overlap is not allowed by this question: refused, named.
        await KeyAsync(cut, "Escape");
        await cut.InvokeAsync(() => cut.Instance.OnSelection(4, 18));
        await KeyAsync(cut, "2");
        Assert.Contains("overlaps", cut.Find("[data-testid=answer-problems]").TextContent);

        await cut.Find("[data-testid=span]").ClickAsync(new());
        Assert.Equal(["London"], cut.FindAll("[data-testid=span]").Select(m => m.TextContent));
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=queue-empty]")));
        var saved = Assert.Single(await AnnotationsAsync(projectId));
        Assert.Equal([new SpanAnswer(22, 28, "place")], LabelingJson.Deserialize<Answer>(saved.AnswerJson).Questions["entities"].Spans);
    }

    [Fact]
    public async Task MultiLabelKeysToggleAndFreeTextSubmitsWithCtrlEnterOnly()
    {
        var schema = new LabelSchema([
            new QuestionDefinition("topics", "Topics", QuestionKind.Multi, [new("price", "Price"), new("battery", "Battery"), new("screen", "Screen")]),
            new QuestionDefinition("summary", "Summary", QuestionKind.FreeText)]);
        var (_, projectId) = await ProjectAsync(schema, "Cheap, but the battery dies by noon.", "Another");
        var cut = RenderWorkbench(projectId);

        await KeyAsync(cut, "1");
        await KeyAsync(cut, "2");
        await KeyAsync(cut, "3");
        await KeyAsync(cut, "3");
        Assert.True(Pressed(cut, "price") && Pressed(cut, "battery") && !Pressed(cut, "screen"));

        await cut.Find("textarea[data-testid=text-summary]").InputAsync(new() { Value = "Cheap; weak battery." });
        // Plain Enter inside the field never reaches the workbench (the script keeps it for typing); Ctrl+Enter does.
        await KeyAsync(cut, "Enter", ctrl: true, inEditable: true);
        cut.WaitForAssertion(() => Assert.Equal("Another", ShownText(cut)));
        var answer = LabelingJson.Deserialize<Answer>(Assert.Single(await AnnotationsAsync(projectId)).AnswerJson);
        Assert.Equal(["price", "battery"], answer.Questions["topics"].Labels);
        Assert.Equal("Cheap; weak battery.", answer.Questions["summary"].Text);
    }

    [Fact]
    public async Task RatingAndPairwiseQuestionsTakeDigitsAndArrows()
    {
        var schema = new LabelSchema([
            new QuestionDefinition("better", "Which response is better?", QuestionKind.Pairwise, ResponseAField: "a", ResponseBField: "b"),
            new QuestionDefinition("quality", "Quality of the better one", QuestionKind.Rating, Min: 1, Max: 5)]);
        var manager = await AddUserAsync("m@example.test");
        var annotator = await AddUserAsync("a@example.test");
        var project = await AddProjectAsync("Prefs", (manager, ProjectRoles.Manager), (annotator, ProjectRoles.Annotator));
        SignIn(annotator);
        await Services.GetRequiredService<SchemaService>().SaveAsync(new Caller(manager.Id, false), project.Id, schema, Ct);
        await using (var db = NewDb())
        {
            db.Items.Add(new Item { ProjectId = project.Id, Text = "Explain DNS", ContentHash = "p1", CreatedAt = DateTime.UtcNow, MetadataJson = """{"a":"It maps names to addresses.","b":"No idea."}""" });
            await db.SaveChangesAsync(Ct);
        }
        var cut = RenderWorkbench(project.Id);

        Assert.Equal("It maps names to addresses.", cut.Find("[data-testid=response-a] .response-text").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=item-metadata]"));
        await KeyAsync(cut, "ArrowLeft");
        Assert.Contains("chosen", cut.Find("[data-testid=response-a]").ClassName);
        await KeyAsync(cut, "ArrowDown");
        await KeyAsync(cut, "4");
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=queue-empty]")));
        var answer = LabelingJson.Deserialize<Answer>(Assert.Single(await AnnotationsAsync(project.Id)).AnswerJson);
        Assert.Equal(PairwiseChoice.A, answer.Questions["better"].Choice);
        Assert.Equal(4, answer.Questions["quality"].Rating);
    }

    [Fact]
    public async Task RemainingCountMovesWhenAnotherAnnotatorSubmits()
    {
        var (_, projectId) = await ProjectAsync(Sentiment(), "One", "Two", "Three");
        var other = await AddUserAsync("b@example.test");
        await using (var db = NewDb())
        {
            db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = other.Id, Roles = ProjectRoles.Annotator, AddedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        }
        var cut = RenderWorkbench(projectId);
        cut.WaitForAssertion(() => Assert.Contains("Remaining: 3", cut.Find("[data-testid=remaining]").TextContent));

        var queue = Services.GetRequiredService<QueueService>();
        var caller = new Caller(other.Id, false);
        var item = await queue.NextAsync(caller, projectId, [], false, Ct);
        await queue.SubmitAsync(caller, projectId, item!.ItemId, new SubmitRequest(new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "neutral") })), Ct);

        cut.WaitForAssertion(() => Assert.Contains("Remaining: 2", cut.Find("[data-testid=remaining]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("Today: 0", cut.Find("[data-testid=mine-today]").TextContent);
    }
}
