using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Pages;

/// <summary>The Data tab's "Web pages" source: the URL list, the preview button, then the shared mapping form.</summary>
public sealed class WebSourcePanel(BrowserSession session, DataTab dataTab)
{
    private IPage Page => session.Page;

    public ILocator Tab => Page.GetByRole(AriaRole.Tab, new() { Name = "Web pages", Exact = true });

    public ILocator Urls => Page.Locator("textarea[data-testid=web-urls], [data-testid=web-urls] textarea");

    public ILocator FetchPreviewButton => Page.GetByTestId("web-fetch-preview");

    public ILocator Notes => Page.GetByTestId("web-notes");

    public async Task OpenAsync()
    {
        await dataTab.GotoAsync();
        await Interact.ClickUntilVisibleAsync(Tab, Urls);
    }

    /// <summary>Types the list into the field and asks for the preview.</summary>
    public async Task PreviewAsync(string urls)
    {
        await Urls.FillAsync(urls);
        await FetchPreviewButton.ClickAsync();
        await Expect(dataTab.PreviewTable).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }
}
