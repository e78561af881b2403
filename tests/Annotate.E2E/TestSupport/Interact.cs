using Microsoft.Playwright;

namespace Annotate.E2E.TestSupport;

/// <summary>Interactions that tolerate the gap between a prerendered page and its live circuit.</summary>
public static class Interact
{
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Clicks <paramref name="target"/> until <paramref name="expected"/> is visible, bounded by <paramref name="timeout"/>
    /// (15 s by default). A click that lands before the circuit is wired does nothing, so it is repeated; a click that
    /// worked is never repeated because the expected element is checked first.
    /// </summary>
    public static async Task ClickUntilVisibleAsync(ILocator target, ILocator expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await expected.IsVisibleAsync())
            {
                return;
            }
            try
            {
                await target.ClickAsync(new LocatorClickOptions { Timeout = (float)Attempt.TotalMilliseconds });
                await expected.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = (float)Attempt.TotalMilliseconds });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // The click was lost (circuit not wired yet), or the reaction is slow, or the reaction now covers the
                // target: look again before clicking again.
            }
        }
    }
}
