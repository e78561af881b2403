using System.Text.RegularExpressions;

namespace Annotate.E2E.TestSupport;

/// <summary>
/// Base of the flow tests. Sessions opened here stay open until the test has finished, so a failed test leaves a
/// screenshot of every page it had open (FAILED-&lt;test&gt;-&lt;n&gt;.png) before they are closed.
/// </summary>
public abstract partial class FlowTest(E2EFixture fixture) : IAsyncLifetime
{
    private readonly List<BrowserSession> sessions = [];
    private readonly List<AnnotateApp> extraApps = [];
    private int logMark;

    protected E2EFixture Fixture => fixture;

    protected AnnotateApp App => fixture.App;

    protected static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public virtual ValueTask InitializeAsync()
    {
        logMark = App.Log.Mark();
        return ValueTask.CompletedTask;
    }

    /// <summary>A new browser context (one person) on the fixture's app, or on <paramref name="app"/>.</summary>
    protected async Task<BrowserSession> OpenSessionAsync(AnnotateApp? app = null)
    {
        var session = await fixture.OpenSessionAsync(app ?? App);
        sessions.Add(session);
        return session;
    }

    /// <summary>An instance of its own with an empty database; stopped after the test.</summary>
    protected async Task<AnnotateApp> StartFreshAppAsync()
    {
        var app = await E2EFixture.StartFreshAppAsync();
        extraApps.Add(app);
        return app;
    }

    /// <summary>Fails if the fixture's app (or <paramref name="app"/>) logged an error since this test started.</summary>
    protected void AssertNoServerErrors(AnnotateApp? app = null)
    {
        var errors = app is null ? App.Log.ErrorsSince(logMark) : app.Log.ErrorsSince();
        Assert.True(errors.Count == 0, "The app logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
    }

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            await ScreenshotOpenPagesAsync();
        }
        foreach (var session in Enumerable.Reverse(sessions))
        {
            await session.DisposeAsync();
        }
        foreach (var app in extraApps)
        {
            await app.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private async Task ScreenshotOpenPagesAsync()
    {
        var test = UnsafeCharacters().Replace(TestContext.Current.TestMethod?.MethodName ?? "test", "-");
        var n = 0;
        foreach (var page in sessions.SelectMany(s => s.Context.Pages).Distinct())
        {
            try
            {
                await Screenshots.SaveAsync(page, $"FAILED-{test}-{++n}");
            }
            catch (Microsoft.Playwright.PlaywrightException)
            {
                // The page may be gone already; the test's own failure is what matters.
            }
        }
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex UnsafeCharacters();
}
