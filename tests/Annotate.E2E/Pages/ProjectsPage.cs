using System.Text.RegularExpressions;
using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Pages;

/// <summary>/projects: the list of projects the signed-in user may see, and (for Admins) the New project dialog.</summary>
public sealed partial class ProjectsPage(BrowserSession session)
{
    private IPage Page => session.Page;

    public ILocator Heading => Page.Locator("#page-title");

    public ILocator NewProjectButton => Page.GetByTestId("new-project");

    public ILocator List => Page.GetByTestId("project-list");

    public ILocator Cards => Page.GetByTestId("project-card");

    public ILocator EmptyState => Page.GetByTestId("no-projects");

    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    public ILocator NameInput => Dialog.GetByTestId("project-name");

    public ILocator DescriptionInput => Dialog.GetByTestId("project-description");

    public ILocator SaveButton => Dialog.GetByTestId("project-save");

    public ILocator CancelButton => Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true });

    public ILocator Card(string projectName) => Cards.Filter(new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = projectName, Exact = true }) });

    public async Task GotoAsync()
    {
        await Page.GotoAsync("projects");
        await ExpectShownAsync();
    }

    /// <summary>Waits for the list and its live circuit.</summary>
    public async Task ExpectShownAsync()
    {
        await Expect(Page).ToHaveURLAsync(ProjectsUrl());
        await Expect(Heading).ToHaveTextAsync("Projects");
        await session.Circuit.WaitUntilLiveAsync(TimeSpan.FromSeconds(15));
    }

    public async Task OpenNewProjectDialogAsync()
    {
        await Interact.ClickUntilVisibleAsync(NewProjectButton, NameInput);
        await Expect(Dialog).ToContainTextAsync("New project");
    }

    public async Task FillProjectDialogAsync(string name, string description)
    {
        await NameInput.FillAsync(name);
        await DescriptionInput.FillAsync(description);
    }

    /// <summary>Creates a project through the dialog and returns its id (the app opens the new project).</summary>
    public async Task<int> CreateProjectAsync(string name, string description)
    {
        await OpenNewProjectDialogAsync();
        await FillProjectDialogAsync(name, description);
        await SaveButton.ClickAsync();
        await Expect(Page).ToHaveURLAsync(ProjectUrl());
        await Expect(Page.GetByTestId("project-title")).ToHaveTextAsync(name);
        return int.Parse(ProjectUrl().Match(Page.Url).Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Opens a project from its card and waits for its page.</summary>
    public async Task OpenProjectAsync(string projectName)
    {
        await Card(projectName).GetByRole(AriaRole.Link, new() { Name = projectName, Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(ProjectUrl());
        await Expect(Page.GetByTestId("project-title")).ToHaveTextAsync(projectName);
    }

    [GeneratedRegex(@"/projects/?$")]
    private static partial Regex ProjectsUrl();

    [GeneratedRegex(@"/projects/(?<id>\d+)(/overview)?$")]
    private static partial Regex ProjectUrl();
}
