using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Queue;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>
/// Annotators work the queue in real browsers with the keyboard only: with overlap 1 they never see the same item, with
/// overlap 2 both see every item; a span is marked by dragging the mouse.
/// </summary>
public sealed class LabelingFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    private const string Password = "Labeler12345";

    private static readonly LabelSchema Sentiment = new(
        [new QuestionDefinition("sentiment", "Sentiment?", QuestionKind.Single,
            [new("positive", "Positive", "#43a047"), new("negative", "Negative", "#e53935"), new("neutral", "Neutral", "#757575")])],
        "# How to label\n\n- **Positive**: the customer is happy.\n- **Negative**: a complaint.\n- Otherwise *neutral*.");

    private async Task<(int ProjectId, string[] Annotators)> ProjectAsync(string name, LabelSchema schema, int overlap, int items, params string[] annotators)
    {
        var adminId = await App.EnsureUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var projectId = await App.CreateProjectAsync(adminId, name, "Labeling in the browser.", CancellationToken);
        var admin = new Caller(adminId, IsAdmin: true);
        await App.Services.GetRequiredService<SchemaService>().SaveAsync(admin, projectId, schema, CancellationToken);
        await App.Services.GetRequiredService<QueueService>().SaveSettingsAsync(admin, projectId, new QueueSettings(overlap, 30), CancellationToken);
        if (items > 0)
        {
            await ItemSeeder.SeedAsync(App, projectId, items, CancellationToken);
        }
        var ids = new List<string>();
        await using var db = await App.CreateDbContextAsync(CancellationToken);
        foreach (var email in annotators)
        {
            var id = await App.EnsureUserAsync(email, Password, isAdmin: false, CancellationToken);
            db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = id, Roles = ProjectRoles.Annotator, AddedAt = DateTime.UtcNow });
            ids.Add(id);
        }
        await db.SaveChangesAsync(CancellationToken);
        return (projectId, [.. ids]);
    }

    private async Task<WorkbenchPage> OpenWorkbenchAsync(string email, int projectId)
    {
        var session = await OpenSessionAsync();
        await new LoginPage(session).GotoAsync();
        await new LoginPage(session).LogInAsync(email, Password);
        var workbench = new WorkbenchPage(session, projectId);
        await workbench.GotoAsync();
        return workbench;
    }

    /// <summary>Both annotators label <paramref name="each"/> items, taking turns, with keys only; returns the items each saw.</summary>
    private static async Task<(List<long> A, List<long> B)> LabelInTurnsAsync(WorkbenchPage a, WorkbenchPage b, int each)
    {
        var (seenA, seenB) = (new List<long>(), new List<long>());
        for (var i = 0; i < each; i++)
        {
            seenA.Add(await a.CurrentItemAsync());
            await a.LabelAndSubmitAsync((1 + i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
            seenB.Add(await b.CurrentItemAsync());
            await b.LabelAndSubmitAsync((1 + (i + 1) % 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return (seenA, seenB);
    }

    [Fact]
    public async Task WithOverlapOneTwoAnnotatorsNeverSeeTheSameItem()
    {
        var (projectId, ids) = await ProjectAsync("Overlap one", Sentiment, overlap: 1, items: 50, "k1a@annotate.test", "k1b@annotate.test");
        // The Manager (the Admin here) watches the dashboard on the Queue tab while the annotators work.
        var manager = await OpenSessionAsync();
        await new LoginPage(manager).GotoAsync();
        await new LoginPage(manager).LogInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await new ProjectPage(manager, projectId).GotoAsync("queue");
        var dashboard = manager.Page.GetByTestId("queue-dashboard");
        await Expect(dashboard.GetByTestId("dash-completed").Locator(".stat-value")).ToHaveTextAsync("0");
        await Expect(dashboard.GetByTestId("dash-remaining").Locator(".stat-value")).ToHaveTextAsync("50");
        var a = await OpenWorkbenchAsync("k1a@annotate.test", projectId);
        var b = await OpenWorkbenchAsync("k1b@annotate.test", projectId);
        await Expect(a.Remaining).ToContainTextAsync("Remaining: 50");
        await Screenshots.SaveAsync(a.Page, "labeling-01-workbench");

        var (seenA, seenB) = await LabelInTurnsAsync(a, b, 5);
        // The dashboard, never reloaded, follows the annotators' work.
        await Expect(dashboard.GetByTestId("dash-completed").Locator(".stat-value")).ToHaveTextAsync("10");
        await Expect(dashboard.GetByTestId("dash-annotator-k1a@annotate.test").GetByTestId("dash-total")).ToHaveTextAsync("5");
        await Expect(dashboard.GetByTestId("dash-annotator-k1b@annotate.test").GetByTestId("dash-now")).ToBeVisibleAsync();
        var (moreA, moreB) = await LabelInTurnsAsync(a, b, 15);
        seenA.AddRange(moreA);
        seenB.AddRange(moreB);
        await Expect(dashboard.GetByTestId("dash-completed").Locator(".stat-value")).ToHaveTextAsync("40");
        await Expect(dashboard.GetByTestId("dash-remaining").Locator(".stat-value")).ToHaveTextAsync("10");
        await Expect(dashboard.GetByTestId("dash-annotator-k1b@annotate.test").GetByTestId("dash-total")).ToHaveTextAsync("20");
        await Screenshots.SaveAsync(manager.Page, "labeling-05-dashboard");

        Assert.Equal(20, seenA.Distinct().Count());
        Assert.Equal(20, seenB.Distinct().Count());
        Assert.Empty(seenA.Intersect(seenB));
        // Each page's counts moved live with both annotators' work.
        await Expect(a.Today).ToContainTextAsync("Today: 20");
        await Expect(a.Remaining).ToContainTextAsync("Remaining: 10");
        await Expect(b.Remaining).ToContainTextAsync("Remaining: 10");
        await Screenshots.SaveAsync(a.Page, "labeling-02-after-20");

        await using var db = await App.CreateDbContextAsync(CancellationToken);
        var saved = await db.Annotations.Where(x => x.ProjectId == projectId).ToListAsync(CancellationToken);
        Assert.Equal(40, saved.Count);
        Assert.Equal(seenA.Order(), saved.Where(x => x.AnnotatorId == ids[0]).Select(x => x.ItemId).Order());
        Assert.Equal(seenB.Order(), saved.Where(x => x.AnnotatorId == ids[1]).Select(x => x.ItemId).Order());
        Assert.All(saved, x => Assert.Equal(1, x.Version));
        AssertNoServerErrors();
    }

    [Fact]
    public async Task WithOverlapTwoBothAnnotatorsLabelEveryItemAndCanGoBack()
    {
        var (projectId, ids) = await ProjectAsync("Overlap two", Sentiment, overlap: 2, items: 20, "k2a@annotate.test", "k2b@annotate.test");
        var a = await OpenWorkbenchAsync("k2a@annotate.test", projectId);
        var b = await OpenWorkbenchAsync("k2b@annotate.test", projectId);

        var (seenA, seenB) = await LabelInTurnsAsync(a, b, 20);

        Assert.Equal(20, seenA.Distinct().Count());
        Assert.Equal(seenA.Order(), seenB.Order());
        await Expect(a.QueueEmpty).ToBeVisibleAsync();
        await Expect(b.Remaining).ToContainTextAsync("Remaining: 0");

        // Backspace brings back the last item with its answer; a different key and Enter save version 2.
        await a.Page.Keyboard.PressAsync("Backspace");
        await Expect(a.Page.GetByTestId("history-banner")).ToBeVisibleAsync();
        Assert.Equal(seenA[^1], await a.CurrentItemAsync());
        await Expect(a.Label("negative")).ToHaveAttributeAsync("aria-pressed", "true");
        await Screenshots.SaveAsync(a.Page, "labeling-03-back");
        await a.Page.Keyboard.PressAsync("3");
        await a.Page.Keyboard.PressAsync("Enter");
        await Expect(a.Page.GetByText("version 2 saved")).ToBeVisibleAsync();

        var (last, annotator) = (seenA[^1], ids[0]);
        await using var db = await App.CreateDbContextAsync(CancellationToken);
        var versions = await db.Annotations.Where(x => x.ProjectId == projectId && x.AnnotatorId == annotator && x.ItemId == last)
            .OrderBy(x => x.Version).Select(x => new { x.Version, x.AnswerJson }).ToListAsync(CancellationToken);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(["negative", "neutral"], versions.Select(v => LabelingJson.Deserialize<Answer>(v.AnswerJson).Questions["sentiment"].Label));
        AssertNoServerErrors();
    }

    [Fact]
    public async Task ASpanIsMarkedByDraggingTheMouseAndPressingALabelKey()
    {
        var schema = new LabelSchema([new QuestionDefinition("entities", "Named entities", QuestionKind.Spans,
            [new("org", "Organisation", "#8e24aa"), new("problem", "Problem", "#e53935")])]);
        var (projectId, ids) = await ProjectAsync("Spans", schema, overlap: 1, items: 0, "span@annotate.test");
        await using (var db = await App.CreateDbContextAsync(CancellationToken))
        {
            db.Items.Add(new Item { ProjectId = projectId, Text = "The delivery was late but support was helpful.", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(CancellationToken);
        }
        var page = await OpenWorkbenchAsync("span@annotate.test", projectId);

        await page.SelectTextAsync(4, 21); // "delivery was late"
        await Expect(page.Page.GetByTestId("pending-selection")).ToHaveTextAsync("delivery was late");
        await page.Page.Keyboard.PressAsync("2");
        await Expect(page.Spans).ToHaveTextAsync(["delivery was late"]);
        await Screenshots.SaveAsync(page.Page, "labeling-04-span");
        await page.Page.Keyboard.PressAsync("Enter");
        await Expect(page.QueueEmpty).ToBeVisibleAsync();

        await using var check = await App.CreateDbContextAsync(CancellationToken);
        var saved = await check.Annotations.SingleAsync(x => x.ProjectId == projectId && x.AnnotatorId == ids[0], CancellationToken);
        Assert.Equal([new SpanAnswer(4, 21, "problem")], LabelingJson.Deserialize<Answer>(saved.AnswerJson).Questions["entities"].Spans);
        AssertNoServerErrors();
    }
}
