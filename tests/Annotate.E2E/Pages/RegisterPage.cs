using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Pages;

/// <summary>/Account/Register: a static server-rendered form (no circuit). Open only while the instance has no accounts.</summary>
public sealed class RegisterPage(BrowserSession session)
{
    private IPage Page => session.Page;

    public ILocator Heading => Page.Locator(".account-card h5").First;

    public ILocator Email => Page.Locator("#Input\\.Email");

    public ILocator Password => Page.Locator("#Input\\.Password");

    public ILocator ConfirmPassword => Page.Locator("#Input\\.ConfirmPassword");

    public ILocator Submit => Page.GetByTestId("register-submit");

    /// <summary>The error or status banner above the form.</summary>
    public ILocator StatusMessage => Page.GetByRole(AriaRole.Alert);

    public async Task GotoAsync()
    {
        await Page.GotoAsync("Account/Register");
        await ExpectShownAsync();
    }

    public async Task ExpectShownAsync()
    {
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Register", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await Expect(Submit).ToBeVisibleAsync();
    }

    public async Task FillAsync(string email, string password, string? confirmPassword = null)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await ConfirmPassword.FillAsync(confirmPassword ?? password);
    }

    /// <summary>Submits the filled form and waits for the projects list (where a successful registration lands).</summary>
    public async Task<ProjectsPage> SubmitExpectingProjectsAsync()
    {
        await Submit.ClickAsync();
        var projects = new ProjectsPage(session);
        await projects.ExpectShownAsync();
        return projects;
    }
}
