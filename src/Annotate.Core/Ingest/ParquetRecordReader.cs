using System.Globalization;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace Annotate.Core.Ingest;

/// <summary>
/// Reads Parquet row group by row group, so memory holds one row group at a time. Columns are the schema's
/// top-level fields; nested ones (lists, structs, maps) come out as compact JSON.
/// <list type="bullet">
/// <item>Problems (the row is skipped): a value longer than <see cref="ReadOptions.MaxFieldLength"/>.</item>
/// <item><see cref="IngestException"/>: an empty file, a file that is not Parquet or is cut short (its footer is
/// missing), and a row group that cannot be decoded (its rows are named).</item>
/// </list>
/// Row numbers count from 1 across row groups. A stream that cannot seek is first copied to a temporary file,
/// because Parquet keeps its metadata at the end.
/// </summary>
internal sealed class ParquetRecordReader : IRecordReader
{
    private readonly Stream stream;
    private readonly bool ownsStream;
    private readonly ParquetReader parquet;
    private readonly string[] columns;
    private readonly bool[] utc;
    private readonly int maxFieldLength;
    private bool started;

    private ParquetRecordReader(Stream stream, bool ownsStream, ParquetReader parquet, int maxFieldLength)
    {
        this.stream = stream;
        this.ownsStream = ownsStream;
        this.parquet = parquet;
        this.maxFieldLength = maxFieldLength;
        columns = [.. parquet.Schema.Fields.Select(f => f.Name)];
        // Timestamps marked as UTC in the schema come back unspecified; say so in the text ("Z").
        utc = [.. parquet.Schema.Fields.Select(f => f is DateTimeDataField { IsAdjustedToUTC: true })];
    }

    public IReadOnlyList<string> Columns => columns;

    public string? DetectedEncoding => null;

    /// <exception cref="IngestException">The file is empty, or not a readable Parquet file.</exception>
    public static async ValueTask<IRecordReader> OpenAsync(Stream stream, ReadOptions options, bool leaveOpen, CancellationToken cancellationToken)
    {
        var source = stream;
        var ownsSource = !leaveOpen;
        if (!stream.CanSeek)
        {
            source = await SpillAsync(stream, cancellationToken).ConfigureAwait(false);
            ownsSource = true;
            if (!leaveOpen)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
        try
        {
            if (source.Length - source.Position == 0)
            {
                throw new IngestException("The file is empty (0 bytes): a Parquet file needs at least its header and footer.");
            }
            ParquetReader parquet;
            try
            {
                parquet = await ParquetReader.CreateAsync(source, parquetOptions: null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Parquet.Net reports a damaged file with many exception types (IO, Thrift decoding, index errors);
                // for the caller they all mean the same thing.
                throw new IngestException(
                    $"Not a readable Parquet file (it may be cut short or not Parquet at all): {e.Message}", row: null, field: null, e);
            }
            return new ParquetRecordReader(source, ownsSource, parquet, options.MaxFieldLength);
        }
        catch
        {
            if (ownsSource)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
    }

    private static async ValueTask<Stream> SpillAsync(Stream stream, CancellationToken cancellationToken)
    {
        var file = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await stream.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async IAsyncEnumerable<RecordResult> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (started)
        {
            throw new InvalidOperationException("The records of this reader were already read; open the file again to read them again.");
        }
        started = true;
        long row = 0;
        for (var group = 0; group < parquet.RowGroupCount; group++)
        {
            var rows = await ReadGroupAsync(group, row, cancellationToken).ConfigureAwait(false);
            foreach (var values in rows)
            {
                row++;
                yield return ToResult(row, values);
            }
        }
    }

    private async ValueTask<IList<Dictionary<string, object>>> ReadGroupAsync(int group, long rowsBefore, CancellationToken cancellationToken)
    {
        var count = parquet.RowGroups[group].RowCount;
        try
        {
            stream.Position = 0;
            var result = await ParquetSerializer.DeserializeUntypedAsync(stream, options: null, group, cancellationToken).ConfigureAwait(false);
            return result.Data;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new IngestException(string.Create(CultureInfo.InvariantCulture,
                $"Row group {group + 1} of the Parquet file (rows {rowsBefore + 1:N0}–{rowsBefore + count:N0}) cannot be read: {e.Message}"),
                rowsBefore + 1, null, e);
        }
    }

    private RecordResult ToResult(long row, Dictionary<string, object> values)
    {
        var fields = new Dictionary<string, string?>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            var value = values.GetValueOrDefault(column);
            if (utc[i] && value is DateTime { Kind: DateTimeKind.Unspecified } time)
            {
                value = DateTime.SpecifyKind(time, DateTimeKind.Utc);
            }
            var text = ParquetValues.Format(value);
            if (text is not null && text.Length > maxFieldLength)
            {
                return RecordResult.Bad(new RecordProblem(row, column,
                    string.Create(CultureInfo.InvariantCulture, $"Is longer than {maxFieldLength:N0} characters (the limit for one field)")));
            }
            fields.Add(column, text);
        }
        return RecordResult.Ok(new SourceRecord(row, fields));
    }

    public async ValueTask DisposeAsync()
    {
        await parquet.DisposeAsync().ConfigureAwait(false);
        if (ownsStream)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
