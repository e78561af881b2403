using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;
using ProjectPage = Annotate.E2E.Pages.ProjectPage;

namespace Annotate.E2E.Flows;

/// <summary>A Reviewer watches the Review tab while annotators work: the agreement panel moves without a reload.</summary>
public sealed class AgreementFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    private static readonly string[] Labels = ["positive", "negative", "neutral"];

    [Fact]
    public async Task TheAgreementPanelUpdatesLiveAndLeadsToAnAnnotatorsPage()
    {
        var adminId = await App.EnsureUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var admin = new Caller(adminId, IsAdmin: true);
        var projectId = await App.CreateProjectAsync(adminId, "Product reviews", "Review sentiment.", CancellationToken);
        await App.Services.GetRequiredService<SchemaService>().SaveAsync(admin, projectId, new LabelSchema(
            [new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
                [new("positive", "Positive", "#43a047", "1"), new("negative", "Negative", "#e53935", "2"), new("neutral", "Neutral", "#757575", "3")])]), CancellationToken);
        var queue = App.Services.GetRequiredService<QueueService>();
        await queue.SaveSettingsAsync(admin, projectId, new QueueSettings(3, 30), CancellationToken);
        await ItemSeeder.SeedAsync(App, projectId, 30, CancellationToken);

        var projects = App.Services.GetRequiredService<ProjectService>();
        async Task<Caller> PersonAsync(string name, string email, ProjectRoles roles)
        {
            var id = await App.CreateUserAsync($"{email}@example.test", TestAccounts.AdminPassword, isAdmin: false, CancellationToken);
            await using (var db = await App.CreateDbContextAsync(CancellationToken))
            {
                await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, name), CancellationToken);
            }
            await projects.SetMemberAsync(admin, projectId, new SetMemberRequest($"{email}@example.test", roles), CancellationToken);
            return new Caller(id, false);
        }
        var ada = await PersonAsync("Ada Lovelace", "ada", ProjectRoles.Annotator);
        var grace = await PersonAsync("Grace Hopper", "grace", ProjectRoles.Annotator);
        var alan = await PersonAsync("Alan Turing", "alan", ProjectRoles.Annotator);
        var edsger = await PersonAsync("Edsger Dijkstra", "edsger", ProjectRoles.Annotator);
        await PersonAsync("Rita Reviewer", "rita", ProjectRoles.Reviewer);

        // Each item's true label comes from its id; each annotator is right with their own probability (seeded).
        var random = new Random(3);
        async Task WorkAsync(Caller who, int items, double accuracy)
        {
            for (var i = 0; i < items && await queue.NextAsync(who, projectId, null, false, CancellationToken) is { } item; i++)
            {
                var truth = (int)(item.ItemId % 3);
                var label = random.NextDouble() < accuracy ? truth : (truth + 1 + random.Next(2)) % 3;
                await queue.SubmitAsync(who, projectId, item.ItemId,
                    new SubmitRequest(new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: Labels[label]) })), CancellationToken);
            }
        }
        await WorkAsync(ada, 30, 0.92);
        await WorkAsync(grace, 30, 0.8);
        await WorkAsync(alan, 25, 0.55);
        // Spread the answers over the past week so the timeline has points (the test moves timestamps; the app never rewrites annotations).
        await using (var db = await App.CreateDbContextAsync(CancellationToken))
        {
            for (var day = 0; day < 5; day++)
            {
                var when = DateTime.UtcNow.Date.AddDays(day - 5).AddHours(11);
                await db.Annotations.Where(a => a.ProjectId == projectId && a.ItemId % 5 == day)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.CreatedAt, when), CancellationToken);
            }
        }

        var reviewer = await OpenSessionAsync();
        var login = new LoginPage(reviewer);
        await login.GotoAsync();
        await login.LogInAsync("rita@example.test", TestAccounts.AdminPassword);
        var project = new ProjectPage(reviewer, projectId);
        await project.GotoAsync("review");
        var page = reviewer.Page;
        var answers = page.GetByTestId("agreement-answers").Locator(".stat-value");
        await Expect(answers).ToHaveTextAsync("85");
        await Expect(page.GetByTestId("agreement-alpha").Locator(".stat-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^-?\d\.\d{3}$"));
        await Expect(page.GetByTestId("agreement-pairs").Locator("td.heat-cell")).ToHaveCountAsync(6);
        await reviewer.ScreenshotAsync("agreement-01-review-tab");

        // Edsger answers five items while the Reviewer watches: no reload.
        await WorkAsync(edsger, 5, 0.9);
        await Expect(answers).ToHaveTextAsync("90");
        await Expect(page.GetByTestId("agreement-pairs").Locator("td.heat-cell")).ToHaveCountAsync(12);
        await Expect(page.GetByTestId("agreement-annotators").Locator("tbody tr")).ToHaveCountAsync(4);
        await reviewer.ScreenshotAsync("agreement-02-after-new-answers");

        await page.GetByTestId($"annotator-{ada.UserId}").GetByTestId("annotator-link").ClickAsync();
        await Expect(page.GetByTestId("annotator-name")).ToHaveTextAsync("Ada Lovelace");
        await Expect(page.GetByTestId("annotator-answers").Locator(".stat-value")).ToHaveTextAsync("30");
        await Expect(page.GetByTestId("annotator-majority-confusion")).ToBeVisibleAsync();
        await reviewer.ScreenshotAsync("agreement-03-annotator-page");
        AssertNoServerErrors();
    }
}
