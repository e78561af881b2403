using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Pages;

/// <summary>The reviewer's workbench at /projects/{id}/review/work.</summary>
public sealed class ReviewWorkbenchPage(BrowserSession session, int projectId)
{
    public IPage Page => session.Page;

    public ILocator ItemId => Page.GetByTestId("review-item-id");

    public ILocator Empty => Page.GetByTestId("review-empty");

    public ILocator Answer(int number) => Page.GetByTestId($"review-answer-{number}");

    public ILocator FinalLabel(string key) => Page.GetByTestId($"final-label-{key}");

    /// <summary>Opens the page and waits until the page script forwards keys.</summary>
    public async Task GotoAsync()
    {
        await Page.GotoAsync($"projects/{projectId}/review/work");
        await Expect(Page.Locator("[data-testid=review-workbench][data-keys=ready]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }
}
