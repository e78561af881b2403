using System.Text.RegularExpressions;
using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Pages;

/// <summary>/projects/{id}/{tab}: one project with its tabs (Overview, Members, Jobs, ...).</summary>
public sealed class ProjectPage(BrowserSession session, int projectId)
{
    private IPage Page => session.Page;

    public int ProjectId => projectId;

    public ILocator Title => Page.GetByTestId("project-title");

    public ILocator NotFound => Page.GetByTestId("not-found");

    public ILocator Tab(string title) => Page.GetByRole(AriaRole.Tab, new() { Name = title, Exact = true });

    // Overview
    public ILocator RecountButton => Page.GetByTestId("recount");

    public ILocator RecountProgress => Page.GetByTestId("recount-progress");

    public ILocator ItemsStat => Page.GetByTestId("stat-items");

    public ILocator StatsComputed => Page.GetByTestId("stats-computed");

    // Members
    public ILocator AddMemberButton => Page.GetByTestId("add-member");

    public ILocator MembersTable => Page.GetByTestId("members-table");

    public ILocator MemberRow(string email) => MembersTable.Locator("tbody tr").Filter(new() { HasText = email });

    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    public ILocator MemberUserInput => Dialog.GetByTestId("member-user");

    public ILocator RoleCheckbox(string role) => Dialog.GetByTestId($"role-{role}");

    public ILocator MemberSaveButton => Dialog.GetByTestId("member-save");

    // Jobs
    public ILocator JobsTable => Page.GetByTestId("jobs-table");

    public ILocator JobRows => JobsTable.Locator("tbody tr");

    public ILocator JobProgressBars => Page.GetByTestId("job-progress");

    public ILocator JobStatuses => Page.GetByTestId("job-status");

    public ILocator JobMessages => Page.GetByTestId("job-message");

    public ILocator NoJobs => Page.GetByTestId("no-jobs");

    /// <summary>Loads the page for a member of the project and waits for its live circuit.</summary>
    public async Task GotoAsync(string tab = "overview")
    {
        await Page.GotoAsync($"projects/{projectId}/{tab}");
        await Expect(Title).ToBeVisibleAsync();
        await session.Circuit.WaitUntilLiveAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>Loads the URL as someone who must not see the project; returns the document's HTTP status.</summary>
    public async Task<int> GotoExpectingNotFoundAsync()
    {
        var response = await Page.GotoAsync($"projects/{projectId}");
        await Expect(NotFound).ToBeVisibleAsync();
        return response?.Status ?? 0;
    }

    /// <summary>Switches tab by clicking it; the URL follows the tab.</summary>
    public async Task OpenTabAsync(string key, string title)
    {
        await Tab(title).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/projects/{projectId}/{key}$"));
    }

    /// <summary>Adds a member through the dialog: search by e-mail, pick, keep only the given role, save.</summary>
    public async Task AddMemberAsync(string email, string role)
    {
        await Interact.ClickUntilVisibleAsync(AddMemberButton, MemberUserInput);
        await MemberUserInput.PressSequentiallyAsync(email.Split('@')[0]);
        var option = Page.GetByRole(AriaRole.Option, new() { Name = email, Exact = true });
        await option.ClickAsync();
        await Expect(MemberUserInput).ToHaveValueAsync(email);
        foreach (var other in new[] { "manager", "annotator", "reviewer" })
        {
            await RoleCheckbox(other).SetCheckedAsync(other == role);
        }
        await MemberSaveButton.ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
        await Expect(MemberRow(email)).ToBeVisibleAsync();
    }
}
