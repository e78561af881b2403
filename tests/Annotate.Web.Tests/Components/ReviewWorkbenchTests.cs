using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.Review;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Annotate.Web.Tests.Components;

/// <summary>
/// The reviewer's workbench against the real services over SQLite. Keys arrive as the page script sends them, through
/// the component's <c>OnKey</c>.
/// </summary>
public class ReviewWorkbenchTests : ComponentTestContext
{
    private static readonly LabelSchema Schema = new(
        [new QuestionDefinition("sentiment", "Sentiment?", QuestionKind.Single,
            [new("positive", "Positive", "#43a047"), new("negative", "Negative", "#e53935"), new("neutral", "Neutral", "#757575", "n")])]);

    private sealed record Setup(int ProjectId, Caller Reviewer, IReadOnlyList<Caller> Annotators, IReadOnlyList<AppUser> Users);

    private static Answer Label(string label) => new(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: label) });

    private async Task<Setup> ProjectAsync(int items, bool reviewerRole = true)
    {
        var manager = await AddUserAsync("m@example.test");
        var a = await AddUserAsync("anna@example.test");
        var b = await AddUserAsync("ben@example.test");
        var reviewer = await AddUserAsync("rita@example.test");
        var project = await AddProjectAsync("Reviews", (manager, ProjectRoles.Manager), (a, ProjectRoles.Annotator), (b, ProjectRoles.Annotator),
            (reviewer, reviewerRole ? ProjectRoles.Reviewer : ProjectRoles.Annotator));
        // bUnit takes no new services once one was resolved: sign in first.
        SignIn(reviewer);
        var managerCaller = new Caller(manager.Id, false);
        await Services.GetRequiredService<SchemaService>().SaveAsync(managerCaller, project.Id, Schema, Ct);
        await Services.GetRequiredService<QueueService>().SaveSettingsAsync(managerCaller, project.Id, new QueueSettings(Overlap: 2), Ct);
        await using (var db = NewDb())
        {
            for (var i = 0; i < items; i++)
            {
                db.Items.Add(new Item { ProjectId = project.Id, Text = $"Review me {i + 1}", ContentHash = $"h{i}", CreatedAt = DateTime.UtcNow });
            }
            await db.SaveChangesAsync(Ct);
        }
        return new Setup(project.Id, new Caller(reviewer.Id, false), [new Caller(a.Id, false), new Caller(b.Id, false)], [a, b]);
    }

    /// <summary>Both annotators answer their next item (the same one when only one is left for both): different labels send it to review.</summary>
    private async Task<long> DisagreeAsync(Setup setup, string first, string second)
    {
        var queue = Services.GetRequiredService<QueueService>();
        long itemId = 0;
        foreach (var (annotator, label) in setup.Annotators.Zip([first, second]))
        {
            var item = (await queue.NextAsync(annotator, setup.ProjectId, null, false, Ct))!;
            itemId = item.ItemId;
            await queue.SubmitAsync(annotator, setup.ProjectId, item.ItemId, new SubmitRequest(Label(label)), Ct);
        }
        return itemId;
    }

    private IRenderedComponent<ReviewWorkbench> Render(int projectId)
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return Render<ReviewWorkbench>(p => p.Add(x => x.ProjectId, projectId));
    }

    private static Task KeyAsync(IRenderedComponent<ReviewWorkbench> cut, string key) => cut.InvokeAsync(() => cut.Instance.OnKey(key, false, false, false));

    private static bool Picked(IRenderedComponent<ReviewWorkbench> cut, int number) =>
        cut.Find($"[data-testid=review-answer-{number}]").GetAttribute("aria-pressed") == "true";

    private async Task<List<ReviewDecision>> DecisionsAsync(int projectId)
    {
        await using var db = NewDb();
        return await db.ReviewDecisions.Where(d => d.ProjectId == projectId).OrderBy(d => d.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task TheNumberKeyPicksAnAnnotationAndEnterAcceptsItAsTheFinalLabel()
    {
        var setup = await ProjectAsync(items: 1);
        var itemId = await DisagreeAsync(setup, "positive", "negative");
        await using (var db = NewDb())
        {
            Assert.Equal(2, await db.Annotations.CountAsync(a => a.ItemId == itemId, Ct));
        }
        var cut = Render(setup.ProjectId);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=review-answer-2]")));
        Assert.Empty(cut.FindAll("[data-testid=review-answer-3]"));
        Assert.Contains("Review me 1", cut.Find("[data-testid=item-text]").TextContent);
        Assert.Contains("Annotators disagree", cut.Find("[data-testid=review-reason]").TextContent);
        Assert.Contains("anna@example.test", cut.Find("[data-testid=review-answer-1]").TextContent);
        Assert.Contains("Negative", cut.Find("[data-testid=review-answer-2]").TextContent);

        // Enter before picking says what to do and saves nothing.
        await KeyAsync(cut, "Enter");
        Assert.Contains("Pick an answer with its number (1–2)", cut.Find("[data-testid=review-problems]").TextContent);
        Assert.Empty(await DecisionsAsync(setup.ProjectId));

        await KeyAsync(cut, "2");
        Assert.True(Picked(cut, 2));
        Assert.False(Picked(cut, 1));
        Assert.Equal("true", cut.Find("[data-testid=final-label-negative]").GetAttribute("aria-pressed"));
        Assert.Contains("Accept answer 2", cut.Find("[data-testid=review-resolve]").TextContent);
        // A number beyond the answers does nothing.
        await KeyAsync(cut, "7");
        Assert.True(Picked(cut, 2));

        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=review-empty]")));
        var decision = Assert.Single(await DecisionsAsync(setup.ProjectId));
        await using (var db = NewDb())
        {
            var accepted = await db.Annotations.SingleAsync(a => a.ItemId == itemId && a.AnnotatorId == setup.Annotators[1].UserId, Ct);
            Assert.Equal((ReviewOutcome.Accepted, accepted.Id, setup.Reviewer.UserId), (decision.Outcome, decision.AcceptedAnnotationId, decision.ReviewerId));
            Assert.Equal("negative", LabelingJson.Deserialize<Answer>(decision.AnswerJson!).Questions["sentiment"].Label);
            Assert.Equal(2, await db.Annotations.CountAsync(a => a.ItemId == itemId, Ct));
            Assert.Equal(ReviewTaskStatus.Resolved, (await db.ReviewTasks.SingleAsync(t => t.ItemId == itemId, Ct)).Status);
        }
    }

    [Fact]
    public async Task EditingWithTheLabelKeysSavesANewAnswer()
    {
        var setup = await ProjectAsync(items: 1);
        await DisagreeAsync(setup, "positive", "negative");
        var cut = Render(setup.ProjectId);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=review-answer-1]")));

        await KeyAsync(cut, "1");
        Assert.True(Picked(cut, 1));
        // E: the keys now choose labels (1 = Positive, 2 = Negative, n = Neutral), as in the annotators' workbench.
        await KeyAsync(cut, "e");
        Assert.Equal("n", cut.Find("[data-testid=final-label-neutral] kbd").TextContent);
        await KeyAsync(cut, "n");
        Assert.Equal("true", cut.Find("[data-testid=final-label-neutral]").GetAttribute("aria-pressed"));
        Assert.Contains("edited", cut.Find("[data-testid=review-final-source]").TextContent);
        // Esc stops editing (the keys pick answers again) and keeps the edit.
        await KeyAsync(cut, "Escape");
        Assert.Empty(cut.FindAll("[data-testid=final-label-neutral] kbd"));
        Assert.Equal("true", cut.Find("[data-testid=final-label-neutral]").GetAttribute("aria-pressed"));
        await KeyAsync(cut, "e");
        await KeyAsync(cut, "Enter");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=review-empty]")));
        var decision = Assert.Single(await DecisionsAsync(setup.ProjectId));
        Assert.Equal((ReviewOutcome.NewAnswer, (long?)null), (decision.Outcome, decision.AcceptedAnnotationId));
        Assert.Equal("neutral", LabelingJson.Deserialize<Answer>(decision.AnswerJson!).Questions["sentiment"].Label);
    }

    [Fact]
    public async Task SkippingMovesToTheNextItemAndANewDisagreementArrivesLive()
    {
        var setup = await ProjectAsync(items: 1);
        var first = await DisagreeAsync(setup, "positive", "negative");
        var cut = Render(setup.ProjectId);
        cut.WaitForAssertion(() => Assert.Contains($"Item {first}", cut.Find("[data-testid=review-item-id]").TextContent));
        await KeyAsync(cut, "s");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=review-empty]")));
        Assert.Empty(await DecisionsAsync(setup.ProjectId));

        // A second item's annotators disagree while the page is open: it appears without a reload.
        await using (var db = NewDb())
        {
            db.Items.Add(new Item { ProjectId = setup.ProjectId, Text = "Review me later", ContentHash = "later", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        }
        var second = await DisagreeAsync(setup, "neutral", "positive");
        cut.WaitForAssertion(() => Assert.Contains($"Item {second}", cut.Find("[data-testid=review-item-id]").TextContent), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Contains("Waiting: 2", cut.Find("[data-testid=review-open]").TextContent));
    }

    [Fact]
    public async Task TheShownItemStaysTheReviewersWhileThePageIsOpen()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Services.AddSingleton<TimeProvider>(time);
        var setup = await ProjectAsync(items: 1);
        var otto = await AddUserAsync("otto@example.test");
        await using (var db = NewDb())
        {
            db.ProjectMembers.Add(new ProjectMember { ProjectId = setup.ProjectId, UserId = otto.Id, Roles = ProjectRoles.Reviewer, AddedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        }
        var other = new Caller(otto.Id, false);
        var itemId = await DisagreeAsync(setup, "positive", "negative");
        var cut = Render(setup.ProjectId);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=review-answer-1]")));
        async Task<(string? Holder, DateTime? Until)> LeaseAsync()
        {
            await using var db = NewDb();
            var task = await db.ReviewTasks.SingleAsync(t => t.ItemId == itemId, Ct);
            return (task.LeasedById, task.LeaseExpiresAt);
        }

        // The lease is 30 minutes and the page renews it every 10: forty minutes on, the task is still the reviewer's.
        for (var step = 0; step < 4; step++)
        {
            time.Advance(TimeSpan.FromMinutes(10));
            var until = time.GetUtcNow().UtcDateTime.AddMinutes(30);
            await Eventually.ReturnsAsync(LeaseAsync, l => l == (setup.Reviewer.UserId, until), $"the renewal after {(step + 1) * 10} minutes");
        }
        var review = Services.GetRequiredService<ReviewService>();
        Assert.Null(await review.NextAsync(other, setup.ProjectId, null, Ct));
        Assert.Empty(cut.FindAll("[data-testid=review-notice]"));

        // The reviewer's hold lapsed (say the laptop slept) and Otto took the task: the next renewal says so on the page.
        await using (var db = NewDb())
        {
            await db.ReviewTasks.Where(t => t.ItemId == itemId).ExecuteUpdateAsync(u => u.SetProperty(t => t.LeaseExpiresAt, time.GetUtcNow().UtcDateTime.AddMinutes(-1)), Ct);
        }
        Assert.Equal(itemId, (await review.NextAsync(other, setup.ProjectId, null, Ct))!.ItemId);
        time.Advance(TimeSpan.FromMinutes(10));
        cut.WaitForAssertion(() => Assert.Contains($"Another reviewer took item {itemId}", cut.Find("[data-testid=review-notice]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(otto.Id, (await LeaseAsync()).Holder);
    }

    [Fact]
    public async Task AnAnnotatorWithoutTheReviewerRoleGetsNoTask()
    {
        var setup = await ProjectAsync(items: 1, reviewerRole: false);
        await DisagreeAsync(setup, "positive", "negative");
        var cut = Render(setup.ProjectId);
        cut.WaitForAssertion(() => Assert.Contains("Reviewer role", cut.Find("[data-testid=review-empty]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=review-answer-1]"));
        await using var db = NewDb();
        Assert.Null((await db.ReviewTasks.SingleAsync(Ct)).LeasedById);
    }
}
