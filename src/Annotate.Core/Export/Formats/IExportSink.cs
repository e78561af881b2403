namespace Annotate.Core.Export.Formats;

/// <summary>Where an export's files go: a folder (<see cref="FolderExportSink"/>), a zip (<see cref="ZipExportSink"/>), or anything that can hand out a stream per file.</summary>
public interface IExportSink
{
    /// <summary>
    /// A new, empty, writable stream for the file at <paramref name="path"/> (relative, <c>/</c>-separated). The
    /// caller writes and disposes it before creating the next file.
    /// </summary>
    Stream Create(string path);
}
