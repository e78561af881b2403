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
/// Two annotators and a reviewer in three browser contexts, and a Manager watching the Review tab in a fourth: the
/// annotators disagree, the item reaches the reviewer's open page live, the reviewer resolves it with the keyboard, and
/// the annotator's feedback and the Manager's agreement panel follow without a reload.
/// </summary>
public sealed class ReviewFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    private const string Password = "Reviewer12345";

    private static readonly LabelSchema Sentiment = new(
        [new QuestionDefinition("sentiment", "Sentiment?", QuestionKind.Single,
            [new("positive", "Positive", "#43a047"), new("negative", "Negative", "#e53935"), new("neutral", "Neutral", "#757575")])],
        "# How to label\n\n- **Positive**: the customer is happy.\n- **Negative**: a complaint.");

    private async Task<BrowserSession> SignInAsync(string email)
    {
        var session = await OpenSessionAsync();
        await new LoginPage(session).GotoAsync();
        await new LoginPage(session).LogInAsync(email, Password);
        return session;
    }

    [Fact]
    public async Task ADisagreementReachesTheReviewerLiveAndTheDecisionReachesTheAnnotatorAndTheAgreementPanel()
    {
        var adminId = await App.EnsureUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var projectId = await App.CreateProjectAsync(adminId, "Review flow", "Disagreements go to a reviewer.", CancellationToken);
        var admin = new Caller(adminId, IsAdmin: true);
        await App.Services.GetRequiredService<SchemaService>().SaveAsync(admin, projectId, Sentiment, CancellationToken);
        await App.Services.GetRequiredService<QueueService>().SaveSettingsAsync(admin, projectId, new QueueSettings(2, 30), CancellationToken);
        await using (var db = await App.CreateDbContextAsync(CancellationToken))
        {
            db.Items.Add(new Item { ProjectId = projectId, Text = "The phone arrived a week late, but it works great.", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(CancellationToken);
        }
        var ids = new Dictionary<string, string>();
        foreach (var (email, roles) in new[] { ("rv-a@annotate.test", ProjectRoles.Annotator), ("rv-b@annotate.test", ProjectRoles.Annotator), ("rv-r@annotate.test", ProjectRoles.Reviewer) })
        {
            ids[email] = await App.EnsureUserAsync(email, Password, isAdmin: false, CancellationToken);
            await using var db = await App.CreateDbContextAsync(CancellationToken);
            db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = ids[email], Roles = roles, AddedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(CancellationToken);
        }

        // The Manager (here the Admin) keeps the Review tab open the whole time: queue counts and agreement, never reloaded.
        var manager = await OpenSessionAsync();
        await new LoginPage(manager).GotoAsync();
        await new LoginPage(manager).LogInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await new ProjectPage(manager, projectId).GotoAsync("review");
        var tab = manager.Page;
        await Expect(tab.GetByTestId("review-count-open").Locator(".stat-value")).ToHaveTextAsync("0");
        await Expect(tab.GetByTestId("agreement-answers").Locator(".stat-value")).ToHaveTextAsync("0");

        var reviewer = new ReviewWorkbenchPage(await SignInAsync("rv-r@annotate.test"), projectId);
        await reviewer.GotoAsync();
        await Expect(reviewer.Empty).ToBeVisibleAsync();

        var sessionA = await SignInAsync("rv-a@annotate.test");
        var a = new WorkbenchPage(sessionA, projectId);
        await a.GotoAsync();
        var b = new WorkbenchPage(await SignInAsync("rv-b@annotate.test"), projectId);
        await b.GotoAsync();
        await a.LabelAndSubmitAsync("1");
        await b.LabelAndSubmitAsync("2");

        // The reviewer's page, never reloaded, shows the item with both answers.
        await Expect(reviewer.Answer(2)).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(reviewer.Page.GetByTestId("review-reason")).ToHaveTextAsync("Annotators disagree");
        await Expect(reviewer.Answer(1)).ToContainTextAsync("rv-a@annotate.test");
        await Expect(reviewer.Answer(2)).ToContainTextAsync("Negative");
        await Screenshots.SaveAsync(reviewer.Page, "review-01-reviewer");

        // The Manager's tab followed: one item waits, two answers that disagree, nothing reviewed to score against yet.
        var rowA = tab.GetByTestId($"annotator-{ids["rv-a@annotate.test"]}");
        var rowB = tab.GetByTestId($"annotator-{ids["rv-b@annotate.test"]}");
        await Expect(tab.GetByTestId("review-count-open").Locator(".stat-value")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Expect(tab.GetByTestId("agreement-answers").Locator(".stat-value")).ToHaveTextAsync("2", new() { Timeout = 15_000 });
        await Expect(tab.GetByTestId("agreement-percent").Locator(".stat-value")).ToHaveTextAsync("0.0%");
        await Expect(rowA.GetByTestId("annotator-ref-reviewed")).ToHaveTextAsync("–");
        await Expect(rowB.GetByTestId("annotator-ref-reviewed")).ToHaveTextAsync("–");
        await Screenshots.SaveAsync(tab, "review-02-manager-before");

        // Annotator A watches their feedback on the Queue tab.
        await new ProjectPage(sessionA, projectId).GotoAsync("queue");
        var feedback = a.Page.GetByTestId("my-feedback");
        await Expect(feedback.GetByTestId("my-feedback-none")).ToBeVisibleAsync();

        await reviewer.Page.Keyboard.PressAsync("2");
        await Expect(reviewer.Answer(2)).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(reviewer.FinalLabel("negative")).ToHaveAttributeAsync("aria-pressed", "true");
        await Screenshots.SaveAsync(reviewer.Page, "review-03-picked");
        await reviewer.Page.Keyboard.PressAsync("Enter");
        await Expect(reviewer.Empty).ToBeVisibleAsync();

        await Expect(feedback.GetByTestId("feedback-changed")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Screenshots.SaveAsync(a.Page, "review-04-feedback");

        // The Manager's tab, still not reloaded: the queue is empty, and each annotator is scored against the decision.
        await Expect(tab.GetByTestId("review-count-resolved").Locator(".stat-value")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Expect(tab.GetByTestId("review-count-open").Locator(".stat-value")).ToHaveTextAsync("0");
        await Expect(rowA.GetByTestId("annotator-ref-reviewed")).ToHaveTextAsync("0.0%", new() { Timeout = 15_000 });
        await Expect(rowB.GetByTestId("annotator-ref-reviewed")).ToHaveTextAsync("100.0%");
        await Screenshots.SaveAsync(tab, "review-05-manager-after");

        await using var check = await App.CreateDbContextAsync(CancellationToken);
        var decision = await check.ReviewDecisions.SingleAsync(d => d.ProjectId == projectId, CancellationToken);
        var accepted = await check.Annotations.SingleAsync(x => x.ProjectId == projectId && x.AnnotatorId == ids["rv-b@annotate.test"], CancellationToken);
        Assert.Equal((ReviewOutcome.Accepted, accepted.Id, ids["rv-r@annotate.test"]), (decision.Outcome, decision.AcceptedAnnotationId, decision.ReviewerId));
        Assert.All(await check.Annotations.Where(x => x.ProjectId == projectId).ToListAsync(CancellationToken), x => Assert.Equal(1, x.Version));
        AssertNoServerErrors();
    }
}
