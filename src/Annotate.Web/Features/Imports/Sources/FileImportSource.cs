using System.Runtime.CompilerServices;
using Annotate.Core.Ingest;

namespace Annotate.Web.Features.Imports.Sources;

/// <summary>One file read from a stream (an upload, or a file the benchmark writes); progress is the stream's position.</summary>
public sealed class FileImportSource : IImportSource
{
    private readonly Stream stream;
    private readonly IRecordReader reader;
    private readonly string fileName;

    private FileImportSource(Stream stream, IRecordReader reader, string fileName)
    {
        this.stream = stream;
        this.reader = reader;
        this.fileName = fileName;
    }

    public string Kind => "file";

    public IReadOnlyList<string> Columns => reader.Columns;

    public double Fraction => stream.CanSeek && stream.Length > 0 ? (double)stream.Position / stream.Length : 0;

    /// <summary>Opens <paramref name="path"/>, reading it by the format its <paramref name="fileName"/> names.</summary>
    /// <exception cref="IngestException">The file type is not supported or the file cannot be read.</exception>
    public static async Task<FileImportSource> OpenAsync(string path, string fileName, ReadOptions? options, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        try
        {
            var reader = await RecordReaders.OpenAsync(file, RecordReaders.FormatOf(fileName), options, cancellationToken);
            return new FileImportSource(file, reader, fileName);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public async IAsyncEnumerable<SourcedRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var result in reader.ReadAsync(cancellationToken))
        {
            yield return new SourcedRecord(fileName, result);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await reader.DisposeAsync();
        await stream.DisposeAsync();
    }
}
