using Microsoft.Playwright;

namespace Annotate.E2E.TestSupport;

/// <summary>
/// Launches Debian's Chromium. Playwright's own browser download is never used (STACK_NOTES §4): the executable path is
/// mandatory.
/// </summary>
internal static class Chromium
{
    public const string EnvironmentVariable = "ANNOTATE_CHROMIUM";
    public const string DefaultPath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ];

    public static string ExecutablePath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured;
        }
    }

    /// <exception cref="InvalidOperationException">Chromium is not installed where we look.</exception>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var path = ExecutablePath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at '{path}'. The end-to-end tests drive Debian's Chromium: install the apt package " +
                "'chromium' (apt-get update && apt-get -o DPkg::Lock::Timeout=600 install -y chromium), or point " +
                $"{EnvironmentVariable} at a Chromium executable. Do not run 'playwright install'.");
        }
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = Arguments,
        });
    }
}
