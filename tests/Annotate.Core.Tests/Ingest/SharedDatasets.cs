namespace Annotate.Core.Tests.Ingest;

/// <summary>Finds the shared datasets folder, which sits next to the repository root (../shared/datasets).</summary>
internal static class SharedDatasets
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The path of <c>shared/datasets/<paramref name="relative"/></c>; fails the test when the folder is missing.</summary>
    public static string PathOf(string relative)
    {
        var root = Root.Value;
        Assert.True(root is not null, $"No folder shared/datasets was found above {AppContext.BaseDirectory}; it should sit next to the repository.");
        return Path.Combine(root, relative);
    }

    private static string? Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "datasets");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
