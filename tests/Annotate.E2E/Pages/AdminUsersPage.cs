using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Pages;

/// <summary>/admin/users: the Admin's list of accounts and the New user dialog.</summary>
public sealed class AdminUsersPage(BrowserSession session)
{
    private IPage Page => session.Page;

    public ILocator Heading => Page.Locator("#page-title");

    public ILocator NewUserButton => Page.GetByTestId("new-user");

    public ILocator Grid => Page.GetByTestId("users-grid");

    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    public ILocator EmailInput => Dialog.GetByTestId("user-email");

    public ILocator PasswordInput => Dialog.GetByTestId("user-password");

    public ILocator SaveButton => Dialog.GetByTestId("user-save");

    public ILocator Row(string email) => Grid.Locator("tbody tr").Filter(new() { HasText = email });

    public async Task ExpectShownAsync()
    {
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/users$"));
        await Expect(Heading).ToHaveTextAsync("Users");
        await session.Circuit.WaitUntilLiveAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>Creates an account through the New user dialog and waits for it to appear in the grid.</summary>
    public async Task CreateUserAsync(string email, string password)
    {
        await Interact.ClickUntilVisibleAsync(NewUserButton, EmailInput);
        await EmailInput.FillAsync(email);
        await PasswordInput.FillAsync(password);
        await SaveButton.ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
        await Expect(Row(email)).ToBeVisibleAsync();
    }
}
