using Annotate.E2E.TestSupport;
using Microsoft.Playwright;

namespace Annotate.E2E.Pages;

/// <summary>The parts every signed-in page shares: the navigation drawer.</summary>
public sealed class AppShell(BrowserSession session)
{
    private IPage Page => session.Page;

    public ILocator NavMenu => Page.Locator(".nav-menu");

    public ILocator NavLink(string name) => NavMenu.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public async Task<ProjectsPage> GoToProjectsAsync()
    {
        await NavLink("Projects").ClickAsync();
        var projects = new ProjectsPage(session);
        await projects.ExpectShownAsync();
        return projects;
    }

    public async Task<AdminUsersPage> GoToAdminUsersAsync()
    {
        await NavLink("Users").ClickAsync();
        var users = new AdminUsersPage(session);
        await users.ExpectShownAsync();
        return users;
    }
}
