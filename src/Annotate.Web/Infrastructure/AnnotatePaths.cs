namespace Annotate.Web.Infrastructure;

/// <summary>Where this instance keeps files: uploads, import reports, exports. Everything is under the data folder.</summary>
public sealed class AnnotatePaths(string dataDirectory)
{
    public string DataDirectory { get; } = dataDirectory;

    public string Uploads(int projectId) => Path.Combine(DataDirectory, "uploads", projectId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string Reports(int projectId) => Path.Combine(DataDirectory, "reports", projectId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The zips of a project's dataset exports.</summary>
    public string Exports(int projectId) => Path.Combine(DataDirectory, "exports", projectId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Files that live only while a job runs (objects downloaded for an import).</summary>
    public string Temp() => Path.Combine(DataDirectory, "tmp");

    /// <summary>The absolute path of a path stored relative to the data folder; refuses paths that leave it.</summary>
    /// <exception cref="InvalidOperationException">The stored path points outside the data folder.</exception>
    public string Resolve(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(DataDirectory, relative));
        var root = Path.GetFullPath(DataDirectory) + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal)
            ? full
            : throw new InvalidOperationException($"The stored path '{relative}' is outside the data folder.");
    }

    public string Relative(string full) => Path.GetRelativePath(DataDirectory, full);
}
