using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using ProjectPage = Annotate.E2E.Pages.ProjectPage;
using Annotate.Web.Features.Queue;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>A Manager watches the Queue tab while annotators work: the dashboard's counts move without a reload.</summary>
public sealed class QueueDashboardFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    private static readonly Answer Positive = new(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "positive") });

    [Fact]
    public async Task TheManagersDashboardCountsMoveLive()
    {
        var adminId = await App.EnsureUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var admin = new Caller(adminId, IsAdmin: true);
        var projectId = await App.CreateProjectAsync(adminId, "Support tickets", "Ticket sentiment.", CancellationToken);
        await App.Services.GetRequiredService<SchemaService>().SaveAsync(admin, projectId, new LabelSchema(
            [new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
                [new("positive", "Positive", "#43a047", "1"), new("negative", "Negative", "#e53935", "2"), new("neutral", "Neutral", "#757575", "3")])]), CancellationToken);
        var queue = App.Services.GetRequiredService<QueueService>();
        await queue.SaveSettingsAsync(admin, projectId, new QueueSettings(2, 30), CancellationToken);
        await ItemSeeder.SeedAsync(App, projectId, 60, CancellationToken);

        // Four annotators: three at work (different paces, one holding an item, one skip), one not started.
        var people = new List<Caller>();
        foreach (var (name, email) in new[] { ("Ada Lovelace", "ada"), ("Grace Hopper", "grace"), ("Alan Turing", "alan"), ("Edsger Dijkstra", "edsger") })
        {
            var id = await App.CreateUserAsync($"{email}@example.test", TestAccounts.AdminPassword, isAdmin: false, CancellationToken);
            await using (var db = await App.CreateDbContextAsync(CancellationToken))
            {
                await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, name), CancellationToken);
            }
            await App.Services.GetRequiredService<ProjectService>()
                .SetMemberAsync(admin, projectId, new SetMemberRequest($"{email}@example.test", ProjectRoles.Annotator), CancellationToken);
            people.Add(new Caller(id, false));
        }
        async Task WorkAsync(Caller who, int items, int msPerItem)
        {
            for (var i = 0; i < items; i++)
            {
                var item = (await queue.NextAsync(who, projectId, null, false, CancellationToken))!;
                await queue.SubmitAsync(who, projectId, item.ItemId, new SubmitRequest(Positive, msPerItem + i * 150), CancellationToken);
            }
        }
        await WorkAsync(people[0], 38, 4200);
        await WorkAsync(people[1], 27, 6100);
        await WorkAsync(people[2], 12, 9800);
        var skipped = (await queue.NextAsync(people[2], projectId, null, false, CancellationToken))!;
        await queue.SkipAsync(people[2], projectId, skipped.ItemId, new SkipRequest("unclear"), CancellationToken);
        await queue.NextAsync(people[0], projectId, null, false, CancellationToken);

        var manager = await OpenSessionAsync();
        var login = new LoginPage(manager);
        await login.GotoAsync();
        await login.LogInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        var project = new ProjectPage(manager, projectId);
        await project.GotoAsync("queue");
        var page = manager.Page;
        await Expect(page.GetByTestId("dash-submitted-hour").Locator(".stat-value")).ToHaveTextAsync("77");
        var completed = await page.GetByTestId("dash-completed").Locator(".stat-value").InnerTextAsync();
        await Expect(page.GetByTestId("start-labeling")).ToHaveAttributeAsync("href", $"/projects/{projectId}/label");
        await manager.ScreenshotAsync("queue-01-manager-dashboard");

        // Grace answers two more while the Manager watches: no reload.
        await WorkAsync(people[1], 2, 5000);
        await Expect(page.GetByTestId("dash-submitted-hour").Locator(".stat-value")).ToHaveTextAsync("79");
        await Expect(page.GetByTestId("dash-annotator-grace@example.test").GetByTestId("dash-total")).ToHaveTextAsync("29");
        Assert.NotEqual("", completed);
        AssertNoServerErrors();
    }
}
