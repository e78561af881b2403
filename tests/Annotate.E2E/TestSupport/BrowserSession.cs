using Microsoft.Playwright;

namespace Annotate.E2E.TestSupport;

/// <summary>One person at one browser: an isolated context (own cookies) with one tab, plus a watcher for its circuit.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly bool ownsContext;

    private BrowserSession(IBrowserContext context, IPage page, AnnotateApp app, bool ownsContext)
    {
        this.ownsContext = ownsContext;
        Context = context;
        Page = page;
        App = app;
        Circuit = new CircuitWatcher(page);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public AnnotateApp App { get; }

    public CircuitWatcher Circuit { get; }

    internal static async Task<BrowserSession> OpenAsync(IBrowser browser, AnnotateApp app)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, app, ownsContext: true);
    }

    /// <summary>A second tab in the same context (same sign-in), with its own circuit.</summary>
    public async Task<BrowserSession> OpenTabAsync()
    {
        var page = await Context.NewPageAsync();
        return new BrowserSession(Context, page, App, ownsContext: false);
    }

    public Task<string> ScreenshotAsync(string name) => Screenshots.SaveAsync(Page, name);

    public async ValueTask DisposeAsync()
    {
        if (ownsContext)
        {
            await Context.CloseAsync();
        }
        else
        {
            await Page.CloseAsync();
        }
    }
}
