namespace Annotate.Core.Ingest;

/// <summary>Opens source files as streams of records: CSV, TSV, JSON, JSONL and Parquet.</summary>
/// <remarks>
/// A row that cannot be read but does not stop the rest of the file from being read is a <see cref="RecordProblem"/>
/// (the import may skip it and report it); a file that cannot be read, as a whole or past some row, throws
/// <see cref="IngestException"/>. Nothing is dropped silently, except lines with no data at all (see below).
/// <list type="table">
/// <listheader><term>Format</term><description>Problem (row skipped) / IngestException (file unreadable)</description></listheader>
/// <item><term>All text formats</term><description>Problem: a field over <see cref="ReadOptions.MaxFieldLength"/>, a
/// record over <see cref="ReadOptions.MaxRecordLength"/>, bytes invalid in the encoding. Exception: an empty file, a
/// whitespace-only file, a NUL byte in the first 8,000 bytes (a binary file).</description></item>
/// <item><term>CSV, TSV</term><description>Problem: more or fewer fields than the header; (CSV) a quote inside a field
/// that does not start with one, characters after a closing quote; a NUL character. Exception: an empty first line
/// where the header should be, an empty or duplicate column name, any fault in the header row, a quote that is never
/// closed. A completely empty line is not a record (it keeps its row number). TSV has no quoting.</description></item>
/// <item><term>JSONL</term><description>Problem: a line that is not valid JSON or not an object, a key twice in one
/// object. A blank line is not a record.</description></item>
/// <item><term>JSON</term><description>Problem: an item that is not an object, a key twice in one object. Exception:
/// a top level that is neither an array nor an object of objects, any syntax error (naming item and line), a file
/// cut short, content after the top-level value.</description></item>
/// <item><term>Parquet</term><description>Problem: a value over <see cref="ReadOptions.MaxFieldLength"/>. Exception:
/// a file that is empty, not Parquet or cut short, a row group that cannot be decoded.</description></item>
/// </list>
/// </remarks>
public static class RecordReaders
{
    /// <summary>The extensions <see cref="FormatOf"/> knows, as named in its messages.</summary>
    public const string SupportedExtensions = ".csv, .tsv, .tab, .json, .jsonl, .ndjson or .parquet";

    /// <summary>The format of a file, by its extension (case does not matter).</summary>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is null or empty.</exception>
    /// <exception cref="IngestException">The extension is missing or not one of <see cref="SupportedExtensions"/>.</exception>
    public static SourceFormat FormatOf(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".csv" => SourceFormat.Csv,
            ".tsv" or ".tab" => SourceFormat.Tsv,
            ".json" => SourceFormat.Json,
            ".jsonl" or ".ndjson" => SourceFormat.Jsonl,
            ".parquet" => SourceFormat.Parquet,
            "" => throw new IngestException(
                $"The file name '{Path.GetFileName(fileName)}' has no extension, so its format is unknown: name it {SupportedExtensions}."),
            ".xlsx" or ".xls" or ".ods" => throw new IngestException(
                $"Files ending in '{extension}' (spreadsheets) are not supported: save the sheet as CSV, or use {SupportedExtensions}."),
            _ => throw new IngestException(
                $"Files ending in '{extension}' are not supported: use {SupportedExtensions}."),
        };
    }

    /// <summary>
    /// Opens <paramref name="stream"/> as <paramref name="format"/> and reads what is needed to know the columns
    /// (the header, or the first record). The stream is read from its current position and left open; dispose the
    /// reader before the stream. A Parquet stream that cannot seek is first copied to a temporary file.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be read, or <paramref name="options"/> are inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> or a length limit in <paramref name="options"/> is out of range.</exception>
    /// <exception cref="IngestException">The file cannot be read at all; the message says why and where.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ValueTask<IRecordReader> OpenAsync(
        Stream stream, SourceFormat format, ReadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Not a known source format.");
        }
        options ??= ReadOptions.Default;
        Validate(options);
        return OpenCoreAsync(stream, format, options, leaveOpen: true, cancellationToken);
    }

    /// <summary>Opens the file at <paramref name="path"/>, its format given by its extension; the reader owns the file.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or <paramref name="options"/> are inconsistent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length limit in <paramref name="options"/> is out of range.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IngestException">The extension is not supported, or the file cannot be read at all.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<IRecordReader> OpenFileAsync(string path, ReadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ReadOptions.Default;
        Validate(options);
        var format = FormatOf(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            return await OpenCoreAsync(stream, format, options, leaveOpen: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static ValueTask<IRecordReader> OpenCoreAsync(
        Stream stream, SourceFormat format, ReadOptions options, bool leaveOpen, CancellationToken cancellationToken) => format switch
    {
        SourceFormat.Csv or SourceFormat.Tsv => DelimitedRecordReader.OpenAsync(stream, format, options, leaveOpen, cancellationToken),
        SourceFormat.Json => JsonRecordReader.OpenAsync(stream, options, leaveOpen, cancellationToken),
        SourceFormat.Jsonl => JsonLinesRecordReader.OpenAsync(stream, options, leaveOpen, cancellationToken),
        _ => ParquetRecordReader.OpenAsync(stream, options, leaveOpen, cancellationToken),
    };

    private static void Validate(ReadOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRecordLength, 1, "options.MaxRecordLength");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxRecordLength, ReadOptions.MaxSupportedRecordLength, "options.MaxRecordLength");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFieldLength, 1, "options.MaxFieldLength");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxFieldLength, options.MaxRecordLength, "options.MaxFieldLength");
        if (options.Delimiter is { } delimiter && (delimiter is '"' or '\r' or '\n' or '\0' || char.IsSurrogate(delimiter)))
        {
            throw new ArgumentException($"U+{(int)delimiter:X4} cannot separate fields.", "options.Delimiter");
        }
        if (options.Encoding is not null && !TextEncodings.TryParse(options.Encoding, out _, out _))
        {
            throw new ArgumentException($"Unknown encoding '{options.Encoding}': use {TextEncodings.AcceptedNames}, or null to detect it.", "options.Encoding");
        }
        if (options.ColumnNames is { } names)
        {
            if (options.HasHeader)
            {
                throw new ArgumentException("ColumnNames are for files without a header; set HasHeader to false.", "options.ColumnNames");
            }
            if (names.Count == 0 || names.Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException("ColumnNames must name every column.", "options.ColumnNames");
            }
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                throw new ArgumentException("ColumnNames must be unique.", "options.ColumnNames");
            }
        }
    }
}
