using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Pages;

/// <summary>The annotator's labeling workbench at /projects/{id}/label.</summary>
public sealed class WorkbenchPage(BrowserSession session, int projectId)
{
    public IPage Page => session.Page;

    public ILocator ItemId => Page.GetByTestId("item-id");

    public ILocator ItemText => Page.GetByTestId("item-text");

    public ILocator Today => Page.GetByTestId("mine-today");

    public ILocator Remaining => Page.GetByTestId("remaining");

    public ILocator QueueEmpty => Page.GetByTestId("queue-empty");

    public ILocator Label(string key) => Page.GetByTestId($"label-{key}");

    public ILocator Spans => Page.GetByTestId("span");

    /// <summary>Opens the workbench and waits until the page script forwards keys.</summary>
    public async Task GotoAsync()
    {
        await Page.GotoAsync($"projects/{projectId}/label");
        await Expect(Page.Locator("[data-testid=workbench][data-keys=ready]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    /// <summary>The id of the item on screen ("Item 17" → 17).</summary>
    public async Task<long> CurrentItemAsync()
    {
        await Expect(ItemId).ToBeVisibleAsync();
        return long.Parse((await ItemId.TextContentAsync())!.Replace("Item", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Presses a label key and Enter, and waits until a different item (or the empty queue) is on screen.</summary>
    public async Task LabelAndSubmitAsync(string key)
    {
        var before = await ItemId.TextContentAsync();
        await Page.Keyboard.PressAsync(key);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator($"[data-testid=item-id]:not(:text-is('{before}')), [data-testid=queue-empty]")).ToBeVisibleAsync();
    }

    /// <summary>Drags the mouse over the characters [start, end) of the item text, as a person selects.</summary>
    public async Task SelectTextAsync(int start, int end)
    {
        var box = await ItemText.EvaluateAsync<double[]>(
            """
            (element, [start, end]) => {
                const at = offset => {
                    let node = element.firstChild, left = offset;
                    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
                    while ((node = walker.nextNode())) {
                        if (left <= node.length) { break; }
                        left -= node.length;
                    }
                    const range = document.createRange();
                    range.setStart(node, left);
                    range.setEnd(node, left);
                    return range.getBoundingClientRect();
                };
                const a = at(start), b = at(end);
                return [a.left, a.top + a.height / 2, b.left, b.top + b.height / 2];
            }
            """, new[] { start, end });
        await Page.Mouse.MoveAsync((float)box[0] + 1, (float)box[1]);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync((float)box[2] - 1, (float)box[3], new() { Steps = 8 });
        await Page.Mouse.UpAsync();
    }
}
