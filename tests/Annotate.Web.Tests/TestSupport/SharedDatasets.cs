namespace Annotate.Web.Tests.TestSupport;

/// <summary>The real datasets in ../shared/datasets beside the repository (read in place, never copied).</summary>
public static class SharedDatasets
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("No shared/datasets folder above " + AppContext.BaseDirectory + "; the tests read the datasets from ../shared/datasets beside the repository.");
    }
}
