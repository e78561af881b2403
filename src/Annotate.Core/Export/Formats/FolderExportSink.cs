namespace Annotate.Core.Export.Formats;

/// <summary>Writes each file under a folder, making sub-folders as needed; an existing file of the same name is replaced.</summary>
public sealed class FolderExportSink : IExportSink
{
    private readonly string root;

    /// <exception cref="ArgumentException"><paramref name="root"/> is null or empty.</exception>
    public FolderExportSink(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        this.root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <exception cref="ArgumentException">The path is rooted or leaves the folder.</exception>
    public Stream Create(string path)
    {
        var full = Path.GetFullPath(Path.Combine(root, path));
        if (Path.IsPathRooted(path) || !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The export file '{path}' would be written outside {root}.", nameof(path));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
    }
}
