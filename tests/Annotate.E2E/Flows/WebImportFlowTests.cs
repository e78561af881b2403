using System.Globalization;
using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>
/// A Manager pastes a long list of URLs into the Data tab's Web pages source (more than SignalR's default 32 KB
/// message) and gets the preview with the mapping form. The shipped settings refuse internal addresses, so the
/// loopback pages are named as blocked instead of fetched.
/// </summary>
public sealed class WebImportFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    [Fact]
    public async Task ManagerPastesALongUrlListAndSeesWhyInternalPagesAreBlocked()
    {
        var adminId = await App.CreateUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var projectId = await App.CreateProjectAsync(adminId, "Intranet pages", "Pages from the team wiki.", CancellationToken);
        var manager = await OpenSessionAsync();
        var login = new LoginPage(manager);
        await login.GotoAsync();
        await login.LogInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        var dataTab = new DataTab(manager, projectId);
        var web = new WebSourcePanel(manager, dataTab);
        await web.OpenAsync();
        // 1,000 URLs of about 80 characters: one message of about 80 KB when the field's value reaches the server.
        var urls = string.Join("\n", Enumerable.Range(1, 1000).Select(i => $"http://127.0.0.1/wiki/team-handbook/chapter-{i.ToString("0000", CultureInfo.InvariantCulture)}/section-overview"));
        urls += "\nhttp://127.0.0.1/wiki/team-handbook/chapter-0001/section-overview#top";
        await web.PreviewAsync(urls);

        await Expect(dataTab.PreviewProblems).ToContainTextAsync("blocked: 127.0.0.1 is a loopback address (set Annotate:WebFetch:AllowPrivateAddresses to allow)");
        await Expect(dataTab.PreviewRows).ToHaveCountAsync(0);
        await Expect(web.Notes).ToContainTextAsync("Line 1001 repeats line 1");
        await Expect(manager.Page.GetByText("1,000 web pages")).ToBeVisibleAsync();
        Assert.Equal("text", await dataTab.MappingValueAsync("text"));
        Assert.Equal("url", await dataTab.MappingValueAsync("id"));
        await manager.ScreenshotAsync("web-import-01-preview-blocked");
        AssertNoServerErrors();
    }
}
