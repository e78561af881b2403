using System.IO.Compression;

namespace Annotate.Core.Export.Formats;

/// <summary>
/// Writes the files as entries of one zip. Every entry gets the same date (1980-01-01, the earliest a zip can
/// hold), so the same export gives the same zip bytes. Dispose it to write the zip's directory.
/// </summary>
public sealed class ZipExportSink : IExportSink, IDisposable
{
    private static readonly DateTimeOffset FixedDate = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ZipArchive archive;

    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> cannot be written.</exception>
    public ZipExportSink(Stream output, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen);
    }

    public Stream Create(string path)
    {
        var entry = archive.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = FixedDate;
        return entry.Open();
    }

    public void Dispose() => archive.Dispose();
}
