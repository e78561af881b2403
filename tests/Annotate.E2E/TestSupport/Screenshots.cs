using Microsoft.Playwright;

namespace Annotate.E2E.TestSupport;

/// <summary>Full-page screenshots in $ANNOTATE_TEST_OUTPUT/screenshots (default: &lt;repo&gt;/.test-output/screenshots).</summary>
public static class Screenshots
{
    public static string Directory { get; } = Resolve();

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name.EndsWith(".png", StringComparison.Ordinal) ? name : name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string Resolve()
    {
        var output = Environment.GetEnvironmentVariable("ANNOTATE_TEST_OUTPUT");
        if (string.IsNullOrWhiteSpace(output))
        {
            output = Path.Combine(RepositoryRoot(), ".test-output");
        }
        var directory = Path.Combine(Path.GetFullPath(output), "screenshots");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Annotate.sln")))
            {
                return dir.FullName;
            }
        }
        return System.IO.Directory.GetCurrentDirectory();
    }
}
