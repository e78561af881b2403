using Annotate.Core.Labeling;
using Annotate.Data.Entities;
using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>
/// A Manager writes a keyword function and a regex function on the Weak labels tab, tests, saves and applies them, and
/// watches the analysis table fill in live as the label model is fitted; an annotator then sees the model's suggestion
/// pre-selected in the workbench and accepts it with Enter.
/// </summary>
public sealed class WeakLabelsFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    [Fact]
    public async Task AManagerWritesTestsAndAppliesLabelingFunctions()
    {
        var adminId = await App.EnsureUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var projectId = await App.CreateProjectAsync(adminId, "Comments", "YouTube comments.", CancellationToken);
        await App.Services.GetRequiredService<SchemaService>().SaveAsync(new Caller(adminId, true), projectId,
            new LabelSchema([new QuestionDefinition("kind", "Spam?", QuestionKind.Single, [new("ham", "Ham", "#43a047"), new("spam", "Spam", "#e53935")])]), CancellationToken);
        string[] texts = ["Check out my channel, subscribe!", "love this song <3", "subscribe for free <b>gift</b>", "visit http://win.example", "great video"];
        await using (var db = await App.CreateDbContextAsync(CancellationToken))
        {
            db.Items.AddRange(texts.Select(t => new Item { ProjectId = projectId, Text = t, CreatedAt = DateTime.UtcNow }));
            await db.SaveChangesAsync(CancellationToken);
        }
        var session = await OpenSessionAsync();
        await new LoginPage(session).GotoAsync();
        await new LoginPage(session).LogInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await new ProjectPage(session, projectId).GotoAsync("weak-labels");
        var page = session.Page;
        await Expect(page.GetByTestId("lf-empty")).ToBeVisibleAsync();

        // A keyword function, tested before saving: the match is marked, markup in the text stays text.
        await Interact.ClickUntilVisibleAsync(page.GetByTestId("lf-new"), page.GetByTestId("lf-save"));
        await page.GetByTestId("lf-name-input").FillAsync("subscribe");
        await page.GetByTestId("lf-keywords").FillAsync("subscribe");
        await ChooseLabelAsync(page, "Spam");
        // The label list's closing popover can swallow the first click; click until the result shows.
        await Interact.ClickUntilVisibleAsync(page.GetByTestId("lf-test"), page.GetByTestId("lf-coverage"));
        await Expect(page.GetByTestId("lf-coverage")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^40[.,]0\s?%$"));
        await Expect(page.GetByTestId("lf-match")).ToHaveTextAsync(["subscribe", "subscribe"]);
        await Expect(page.GetByTestId("lf-hit").Nth(1)).ToContainTextAsync("<b>gift</b>");
        await Screenshots.SaveAsync(page, "weak-labels-01-test");
        await page.GetByTestId("lf-save").ClickAsync();
        await Expect(page.GetByTestId("lf-name")).ToHaveTextAsync(["subscribe"]);

        // A regex function.
        await Interact.ClickUntilVisibleAsync(page.GetByTestId("lf-new"), page.GetByTestId("lf-save"));
        await page.GetByTestId("lf-name-input").FillAsync("link");
        await page.GetByTestId("lf-kind").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Regular expression" }).ClickAsync();
        await page.GetByTestId("lf-pattern").FillAsync(@"https?://\S+");
        await ChooseLabelAsync(page, "Spam");
        await page.GetByTestId("lf-save").ClickAsync();
        await Expect(page.GetByTestId("lf-name")).ToHaveTextAsync(["subscribe", "link"]);
        await Expect(page.GetByTestId("lf-status")).ToHaveTextAsync(["Not applied yet", "Not applied yet"]);

        await page.GetByTestId("lf-apply").ClickAsync();
        await Expect(page.GetByTestId("import-message")).ToContainTextAsync("3 votes", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("lf-status")).ToHaveTextAsync(["Applied", "Applied"]);
        await Expect(page.GetByTestId("lf-apply")).ToBeEnabledAsync();

        // The label model is fitted after the apply job; the analysis table fills in without a reload.
        var analysis = page.GetByTestId("lf-analysis");
        await Expect(analysis.GetByTestId("lf-analysis-name")).ToHaveTextAsync(["subscribe", "link"], new() { Timeout = 60_000 });
        await Expect(analysis.GetByTestId("lf-coverage-cell")).ToHaveTextAsync([new System.Text.RegularExpressions.Regex(@"^40[.,]0\s?%$"), new System.Text.RegularExpressions.Regex(@"^20[.,]0\s?%$")]);
        await Expect(analysis.GetByTestId("lf-total-coverage")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^60[.,]0\s?%$"));
        await Expect(analysis.GetByTestId("lf-run")).Not.ToHaveTextAsync("not fitted", new() { Timeout = 60_000 });
        await Screenshots.SaveAsync(page, "weak-labels-02-applied");

        await using var check = await App.CreateDbContextAsync(CancellationToken);
        Assert.Equal(3, await check.LfVotes.CountAsync(v => v.ProjectId == projectId, CancellationToken));
        var runId = await check.WeakLabelRuns.Where(r => r.ProjectId == projectId).MaxAsync(r => r.Id, CancellationToken);

        // An annotator opens the workbench: the first item comes with the suggestion "Spam" pre-selected; Enter keeps it.
        const string annotatorEmail = "weak-annotator@annotate.test";
        var annotatorId = await App.EnsureUserAsync(annotatorEmail, "Labeler12345", isAdmin: false, CancellationToken);
        check.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = annotatorId, Roles = Annotate.Core.Projects.ProjectRoles.Annotator, AddedAt = DateTime.UtcNow });
        await check.SaveChangesAsync(CancellationToken);
        var annotator = await OpenSessionAsync();
        await new LoginPage(annotator).GotoAsync();
        await new LoginPage(annotator).LogInAsync(annotatorEmail, "Labeler12345");
        var workbench = new WorkbenchPage(annotator, projectId);
        await workbench.GotoAsync();
        await Expect(workbench.ItemText).ToHaveTextAsync(texts[0]);
        var suggestion = annotator.Page.GetByTestId("suggestion-kind");
        await Expect(suggestion).ToContainTextAsync("Suggested: Spam");
        await Expect(workbench.Label("spam")).ToHaveAttributeAsync("aria-pressed", "true");
        await Screenshots.SaveAsync(annotator.Page, "weak-labels-03-suggestion");
        await annotator.Page.Keyboard.PressAsync("Enter");
        await Expect(workbench.ItemText).Not.ToHaveTextAsync(texts[0]);

        var kept = await check.Annotations.AsNoTracking().SingleAsync(a => a.ProjectId == projectId && a.AnnotatorId == annotatorId, CancellationToken);
        Assert.Equal("spam", LabelingJson.Deserialize<Answer>(kept.AnswerJson).Questions["kind"].Label);
        Assert.Equal(runId, kept.SuggestionRunId);
        AssertNoServerErrors();
    }

    private static async Task ChooseLabelAsync(IPage page, string label)
    {
        await page.GetByTestId("lf-label").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = label, Exact = true }).ClickAsync();
    }
}
