using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Pages;

/// <summary>/Account/Login: a static server-rendered form (no circuit).</summary>
public sealed class LoginPage(BrowserSession session)
{
    private IPage Page => session.Page;

    public ILocator Email => Page.Locator("#Input\\.Email");

    public ILocator Password => Page.Locator("#Input\\.Password");

    public ILocator Submit => Page.GetByTestId("login-submit");

    /// <summary>The "no accounts yet" notice, with its link to create the first account.</summary>
    public ILocator FirstRunNotice => Page.GetByTestId("first-run");

    public ILocator CreateFirstAccountLink => FirstRunNotice.GetByRole(AriaRole.Link, new() { Name = "Create the first account" });

    public async Task GotoAsync()
    {
        await Page.GotoAsync("Account/Login");
        await ExpectShownAsync();
    }

    public async Task ExpectShownAsync()
    {
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await Expect(Submit).ToBeVisibleAsync();
    }

    /// <summary>Logs in and waits for the projects list.</summary>
    public async Task<ProjectsPage> LogInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
        var projects = new ProjectsPage(session);
        await projects.ExpectShownAsync();
        return projects;
    }

    public async Task<RegisterPage> FollowCreateFirstAccountLinkAsync()
    {
        await CreateFirstAccountLink.ClickAsync();
        var register = new RegisterPage(session);
        await register.ExpectShownAsync();
        return register;
    }
}
