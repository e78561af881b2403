namespace Annotate.Core.Export.Formats;

/// <summary>Writes one file to a sink and describes it (size, SHA-256) for the manifest.</summary>
public static class ExportFiles
{
    /// <param name="path">Relative to the export's root, with <c>/</c> between folders.</param>
    /// <param name="write">Writes the content and returns the number of items written.</param>
    public static async Task<ExportedFile> WriteAsync(
        IExportSink sink, string path, SplitName? split, Func<Stream, CancellationToken, Task<long>> write, CancellationToken cancellationToken)
    {
        var hashing = new HashingStream(sink.Create(path));
        long rows;
        await using (hashing.ConfigureAwait(false))
        {
            rows = await write(hashing, cancellationToken).ConfigureAwait(false);
            await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return new ExportedFile(path, split, rows, hashing.BytesWritten, hashing.Digest());
    }
}
