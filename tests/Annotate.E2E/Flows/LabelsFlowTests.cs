using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>A Manager starts a label schema from a template on the Labels tab, edits a label and saves version 1.</summary>
public sealed class LabelsFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    [Fact]
    public async Task ManagerSavesASchemaFromATemplate()
    {
        var adminId = await App.CreateUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var projectId = await App.CreateProjectAsync(adminId, "Reviews", "Product reviews.", CancellationToken);
        var manager = await OpenSessionAsync();
        var login = new LoginPage(manager);
        await login.GotoAsync();
        await login.LogInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        var project = new ProjectPage(manager, projectId);
        await project.GotoAsync("labels");
        var page = manager.Page;
        await Expect(page.GetByTestId("schema-version")).ToContainTextAsync("Not saved yet");
        await manager.ScreenshotAsync("labels-01-empty");

        await page.GetByTestId("template").Filter(new() { HasText = "Sentiment" }).ClickAsync();
        await Expect(page.GetByTestId("label-row")).ToHaveCountAsync(3);
        await page.GetByTestId("add-label").ClickAsync();
        var name = page.GetByTestId("label-name").Nth(3);
        await name.FillAsync("Mixed");
        await name.PressAsync("Tab");
        await Expect(page.GetByTestId("question-card")).ToContainTextAsync("key: mixed");
        await page.GetByTestId("guidelines-input").FillAsync("# Rules\n\nPick **one** label. <script>alert(1)</script>");
        await Expect(page.GetByTestId("guidelines-preview").Locator("strong")).ToHaveTextAsync("one");
        await page.GetByTestId("schema-save").ClickAsync();
        await Expect(page.GetByTestId("schema-version")).ToContainTextAsync("Version 1");
        await Expect(page.GetByTestId("guidelines-preview").Locator("script")).ToHaveCountAsync(0);
        await manager.ScreenshotAsync("labels-02-saved");

        await page.GetByTestId("queue-overlap").FillAsync("3");
        await page.GetByTestId("queue-overlap").PressAsync("Tab");
        await page.GetByTestId("queue-save").ClickAsync();
        await Expect(page.GetByText("Queue settings saved")).ToBeVisibleAsync();
        AssertNoServerErrors();
    }
}
