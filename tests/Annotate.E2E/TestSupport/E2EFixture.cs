using Microsoft.Playwright;

namespace Annotate.E2E.TestSupport;

/// <summary>
/// Per test class: one app instance on a real port with a fresh SQLite file, and one headless Chromium. Tests open a
/// <see cref="BrowserSession"/> per person. A test that needs an untouched instance can start its own with
/// <see cref="StartFreshAppAsync"/>.
/// </summary>
public sealed class E2EFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;
    private AnnotateApp? app;

    public AnnotateApp App => app ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async ValueTask InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        browser = await Chromium.LaunchAsync(playwright);
        app = AnnotateApp.Start();
    }

    public Task<BrowserSession> OpenSessionAsync() => BrowserSession.OpenAsync(Browser, App);

    public Task<BrowserSession> OpenSessionAsync(AnnotateApp other) => BrowserSession.OpenAsync(Browser, other);

    /// <summary>Another instance with an empty database, for flows that need the "no accounts yet" state.</summary>
    public static Task<AnnotateApp> StartFreshAppAsync() => Task.Run(AnnotateApp.Start);

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }
        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
