using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>A new instance from its first visit to a working team: first Admin, projects, an annotator, access.</summary>
public sealed class FirstAdminFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    private const string SharedProject = "Support tickets";
    private const string HiddenProject = "Payroll e-mails";

    [Fact]
    public async Task FirstAccountBecomesAdminAndAnAddedAnnotatorSeesOnlyTheirProject()
    {
        var admin = await OpenSessionAsync();

        // The root of an empty instance sends a visitor to log in, where a notice offers the first account.
        await admin.Page.GotoAsync("");
        var login = new LoginPage(admin);
        await login.ExpectShownAsync();
        await Expect(login.FirstRunNotice).ToBeVisibleAsync();
        await admin.ScreenshotAsync("first-admin-01-login-empty-instance");

        var register = await login.FollowCreateFirstAccountLinkAsync();
        await Expect(register.Heading).ToHaveTextAsync("Create the first account");
        await register.FillAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await admin.ScreenshotAsync("first-admin-02-register");
        var projects = await register.SubmitExpectingProjectsAsync();

        // Registered as Admin: the Users page is offered and projects can be created.
        var shell = new AppShell(admin);
        await Expect(shell.NavLink("Users")).ToBeVisibleAsync();
        await Expect(projects.EmptyState).ToBeVisibleAsync();
        await admin.ScreenshotAsync("first-admin-03-projects-empty");

        var sharedId = await projects.CreateProjectAsync(SharedProject, "Classify incoming support tickets by topic.");
        await admin.ScreenshotAsync("first-admin-04-new-project-overview");
        projects = await shell.GoToProjectsAsync();
        var hiddenId = await projects.CreateProjectAsync(HiddenProject, "Only for the Admin.");
        projects = await shell.GoToProjectsAsync();
        await Expect(projects.Cards).ToHaveCountAsync(2);
        await admin.ScreenshotAsync("first-admin-05-projects-two");

        var users = await shell.GoToAdminUsersAsync();
        await users.CreateUserAsync(TestAccounts.AnnotatorEmail, TestAccounts.AnnotatorPassword);
        await Expect(users.Row(TestAccounts.AnnotatorEmail)).ToContainTextAsync("Active");
        await admin.ScreenshotAsync("first-admin-06-admin-users");

        projects = await shell.GoToProjectsAsync();
        await projects.OpenProjectAsync(SharedProject);
        var shared = new ProjectPage(admin, sharedId);
        await shared.OpenTabAsync("members", "Members");
        await shared.AddMemberAsync(TestAccounts.AnnotatorEmail, "annotator");
        await Expect(shared.MemberRow(TestAccounts.AnnotatorEmail)).ToContainTextAsync("Annotator");
        await Expect(shared.MemberRow(TestAccounts.AnnotatorEmail)).Not.ToContainTextAsync("Manager");
        await admin.ScreenshotAsync("first-admin-07-members");

        // The annotator, in a browser context of their own.
        var annotator = await OpenSessionAsync();
        var annotatorLogin = new LoginPage(annotator);
        await annotatorLogin.GotoAsync();
        await Expect(annotatorLogin.FirstRunNotice).ToHaveCountAsync(0);
        var annotatorProjects = await annotatorLogin.LogInAsync(TestAccounts.AnnotatorEmail, TestAccounts.AnnotatorPassword);
        await Expect(annotatorProjects.Cards).ToHaveCountAsync(1);
        await Expect(annotatorProjects.Card(SharedProject)).ToBeVisibleAsync();
        await Expect(annotatorProjects.Card(SharedProject)).ToContainTextAsync("Annotator");
        await Expect(annotatorProjects.List).Not.ToContainTextAsync(HiddenProject);
        await Expect(annotatorProjects.NewProjectButton).ToHaveCountAsync(0);
        await Expect(new AppShell(annotator).NavLink("Users")).ToHaveCountAsync(0);
        await annotator.ScreenshotAsync("first-admin-08-annotator-projects");

        var hidden = new ProjectPage(annotator, hiddenId);
        var status = await hidden.GotoExpectingNotFoundAsync();
        await Expect(annotator.Page.Locator("body")).Not.ToContainTextAsync(HiddenProject);
        await Expect(hidden.Title).ToHaveCountAsync(0);
        await annotator.ScreenshotAsync("first-admin-09-annotator-other-project-not-found");
        Assert.Equal(404, status);

        AssertNoServerErrors();
    }
}
