using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>Wrong input gets a clear, specific answer: never a stack trace, never a blank page.</summary>
public sealed class BadInputFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    [Fact]
    public async Task RegisteringWithAWeakPasswordNamesThePasswordRule()
    {
        // Registration is only open while an instance has no accounts, so this flow gets an instance of its own.
        var app = await StartFreshAppAsync();
        var visitor = await OpenSessionAsync(app);
        var register = new RegisterPage(visitor);
        await register.GotoAsync();
        await Expect(register.Heading).ToHaveTextAsync("Create the first account");

        await register.FillAsync("first@annotate.test", "abc");
        await register.Submit.ClickAsync();

        await Expect(register.StatusMessage).ToContainTextAsync("at least 8 characters");
        await Expect(register.StatusMessage).ToContainTextAsync("digit");
        await Expect(register.StatusMessage).ToContainTextAsync("uppercase");
        var body = visitor.Page.Locator("body");
        await Expect(body).Not.ToContainTextAsync("Exception");
        await Expect(body).Not.ToContainTextAsync(" at Annotate.");
        await Expect(body).Not.ToContainTextAsync("Something went wrong");
        // Still the same form, still open for the first account, and nothing was stored.
        await Expect(register.Heading).ToHaveTextAsync("Create the first account");
        await Expect(register.Email).ToHaveValueAsync("first@annotate.test");
        await visitor.ScreenshotAsync("bad-input-01-register-weak-password");
        await using (var db = await app.CreateDbContextAsync(CancellationToken))
        {
            Assert.Equal(0, await db.Users.CountAsync(CancellationToken));
        }
        AssertNoServerErrors(app);
    }

    [Fact]
    public async Task CreatingAProjectWithATakenNameSaysItAlreadyExists()
    {
        var adminId = await App.EnsureUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        await App.CreateProjectAsync(adminId, "Toxicity", "Existing project.", CancellationToken);
        var admin = await OpenSessionAsync();
        var projects = await LogInAsAdminAsync(admin);

        await projects.OpenNewProjectDialogAsync();
        // Same name up to case and spacing: names are compared normalised.
        await projects.FillProjectDialogAsync("  toxicity ", "A second one.");
        await projects.SaveButton.ClickAsync();

        await Expect(projects.Dialog).ToContainTextAsync("already exists");
        await Expect(projects.Dialog).ToContainTextAsync("Choose another name");
        await Expect(projects.NameInput).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(projects.Dialog).Not.ToContainTextAsync("Exception");
        await admin.ScreenshotAsync("bad-input-02-duplicate-project-name");
        // Not Escape: once the save fails the Create button is disabled, focus drops to <body>, and MudBlazor's Escape
        // handler (bound to the dialog element) no longer hears the key.
        await projects.CancelButton.ClickAsync();
        await Expect(projects.Dialog).ToHaveCountAsync(0);
        await Expect(projects.Cards).ToHaveCountAsync(1);
        AssertNoServerErrors();
    }

    [Fact]
    public async Task AnUnknownProjectIdShowsTheNotFoundPage()
    {
        await App.EnsureUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var admin = await OpenSessionAsync();
        await LogInAsAdminAsync(admin);

        // Even an Admin, who may open every project, gets the not-found page for an id that does not exist.
        var unknown = new ProjectPage(admin, 987_654);
        var status = await unknown.GotoExpectingNotFoundAsync();
        await Expect(unknown.NotFound).ToHaveTextAsync("Not found");
        await Expect(admin.Page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Not found"));
        await Expect(unknown.Title).ToHaveCountAsync(0);
        await Expect(admin.Page.Locator("body")).Not.ToContainTextAsync("Exception");
        await admin.ScreenshotAsync("bad-input-03-unknown-project-not-found");
        Assert.Equal(404, status);
        AssertNoServerErrors();
    }

    private static async Task<ProjectsPage> LogInAsAdminAsync(BrowserSession session)
    {
        var login = new LoginPage(session);
        await login.GotoAsync();
        return await login.LogInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);
    }
}
