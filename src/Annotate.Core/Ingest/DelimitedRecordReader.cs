using System.Globalization;
using System.Runtime.CompilerServices;
using nietras.SeparatedValues;

namespace Annotate.Core.Ingest;

/// <summary>
/// Reads CSV (RFC 4180 quoting) and TSV (no quoting) with Sep, behind a <see cref="DelimitedTextGuard"/>.
/// <list type="bullet">
/// <item>Problems (the row is skipped, reading goes on): a row with more or fewer fields than the header; a quote
/// inside a field that does not start with one; characters after a closing quote; a field longer than
/// <see cref="ReadOptions.MaxFieldLength"/> or a row longer than <see cref="ReadOptions.MaxRecordLength"/>; a NUL
/// character; bytes that are invalid in the encoding.</item>
/// <item><see cref="IngestException"/> (the file cannot be read): empty or whitespace-only file; NUL bytes at the
/// start (binary); an empty first line where the header should be; an empty or duplicate column name; any problem
/// in the header row; a quote that is never closed (everything after it would be one field).</item>
/// <item>Neither: a completely empty line is not a record (it carries no data) but keeps its row number.</item>
/// </list>
/// </summary>
internal sealed class DelimitedRecordReader : IRecordReader
{
    private readonly DecodingTextReader text;
    private readonly DelimitedTextGuard guard;
    private readonly SepReader sep;
    private readonly bool hasHeader;
    private readonly string[] columns;
    private readonly string columnsSource;
    private RecordResult? first;
    private long recordIndex;
    private bool started;

    private DelimitedRecordReader(
        DecodingTextReader text, DelimitedTextGuard guard, SepReader sep, bool hasHeader, string[] columns, string columnsSource,
        long recordIndex)
    {
        this.text = text;
        this.guard = guard;
        this.sep = sep;
        this.hasHeader = hasHeader;
        this.columns = columns;
        this.columnsSource = columnsSource;
        this.recordIndex = recordIndex;
    }

    public IReadOnlyList<string> Columns => columns;

    public string? DetectedEncoding => TextEncodings.NameOf(text.Encoding);

    /// <exception cref="IngestException">The file cannot be read as CSV/TSV (see the class remarks).</exception>
    public static async ValueTask<IRecordReader> OpenAsync(
        Stream stream, SourceFormat format, ReadOptions options, bool leaveOpen, CancellationToken cancellationToken)
    {
        var formatName = format == SourceFormat.Csv ? "CSV" : "TSV";
        var text = await TextSource.OpenAsync(stream, options.Encoding, leaveOpen, formatName, cancellationToken).ConfigureAwait(false);
        DelimitedTextGuard? guard = null;
        SepReader? sep = null;
        try
        {
            await text.EnsureAsync(64 * 1024, cancellationToken).ConfigureAwait(false);
            if (text.EndOfStream && text.Available.IsWhiteSpace())
            {
                throw new IngestException($"The file holds only whitespace: a {formatName} file needs a header or at least one row.");
            }
            var delimiter = options.Delimiter ?? (format == SourceFormat.Tsv ? '\t' : SniffCsvDelimiter(text.Available));
            var quotes = format == SourceFormat.Csv;
            guard = new DelimitedTextGuard(text, delimiter, quotes, options.MaxFieldLength, options.MaxRecordLength);
            sep = await Sep.New(delimiter)
                .Reader(o => o with { HasHeader = false, Unescape = quotes, DisableQuotesParsing = !quotes, DisableColCountCheck = true })
                .FromAsync(guard, cancellationToken)
                .ConfigureAwait(false);

            var reader = options.HasHeader
                ? await WithHeaderAsync(text, guard, sep, cancellationToken).ConfigureAwait(false)
                : await WithoutHeaderAsync(text, guard, sep, options.ColumnNames, cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            sep?.Dispose();
            guard?.Dispose();
            text.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ',' unless the first line has no comma outside quotes but has a semicolon, as files from a spreadsheet set to
    /// a locale with decimal commas do.
    /// </summary>
    private static char SniffCsvDelimiter(ReadOnlySpan<char> head)
    {
        var inQuotes = false;
        var commas = 0;
        var semicolons = 0;
        foreach (var c in head)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes)
            {
                if (c is '\r' or '\n')
                {
                    break;
                }
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
            }
        }
        return commas == 0 && semicolons > 0 ? ';' : ',';
    }

    private static async ValueTask<DelimitedRecordReader> WithHeaderAsync(
        DecodingTextReader text, DelimitedTextGuard guard, SepReader sep, CancellationToken cancellationToken)
    {
        if (!await sep.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new IngestException("The file has no header row.");
        }
        var header = ReadHeader(sep.Current, guard);
        return new DelimitedRecordReader(text, guard, sep, hasHeader: true, header, "the header", recordIndex: 1);
    }

    private static string[] ReadHeader(SepReader.Row row, DelimitedTextGuard guard)
    {
        if (guard.TakeIssue(0) is { } issue)
        {
            var where = issue.Field < 0 ? "The header row" : $"Column {issue.Field + 1} of the header row";
            throw new IngestException($"{where} {issue.Reason}.", row: null, field: null);
        }
        if (row.Span.IsEmpty)
        {
            throw new IngestException("The first line is empty; it should be the header row naming the columns.");
        }
        var names = new string[row.ColCount];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var name = row[i].ToString();
            if (string.IsNullOrWhiteSpace(name))
            {
                var neighbours = (i > 0, i + 1 < names.Length) switch
                {
                    (true, true) => $" (between '{names[i - 1]}' and '{row[i + 1].ToString()}')",
                    (true, false) => $" (after '{names[i - 1]}')",
                    (false, true) => $" (before '{row[i + 1].ToString()}')",
                    _ => "",
                };
                throw new IngestException(
                    $"Column {i + 1} of the header row has no name{neighbours}; every column needs a name (or read the file without a header).",
                    row: null, field: null);
            }
            if (seen.TryGetValue(name, out var earlier))
            {
                throw new IngestException(
                    $"The header row names the column '{name}' twice (columns {earlier + 1} and {i + 1}); column names must be unique.",
                    row: null, field: name);
            }
            seen.Add(name, i);
            names[i] = name;
        }
        return names;
    }

    private static async ValueTask<DelimitedRecordReader> WithoutHeaderAsync(
        DecodingTextReader text, DelimitedTextGuard guard, SepReader sep, IReadOnlyList<string>? names, CancellationToken cancellationToken)
    {
        if (names is not null)
        {
            return new DelimitedRecordReader(text, guard, sep, hasHeader: false, [.. names], "the column names given", recordIndex: 0);
        }
        // Name the columns after the first row that is not blank, and keep that row to hand out first.
        long index = 0;
        while (await sep.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (sep.Current.Span.IsEmpty)
            {
                guard.TakeIssue(index);
                index++;
                continue;
            }
            var count = sep.Current.ColCount;
            var reader = new DelimitedRecordReader(
                text, guard, sep, hasHeader: false,
                [.. Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"col{i}"))],
                "the first row", index);
            reader.first = reader.Convert(sep.Current);
            return reader;
        }
        return new DelimitedRecordReader(text, guard, sep, hasHeader: false, [], "the first row", index);
    }

    public async IAsyncEnumerable<RecordResult> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (started)
        {
            throw new InvalidOperationException("The records of this reader were already read; open the file again to read them again.");
        }
        started = true;
        if (first is { } firstResult)
        {
            yield return firstResult;
        }
        while (await sep.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Convert(sep.Current) is { } result)
            {
                yield return result;
            }
        }
    }

    /// <summary>Turns one Sep row into a record or a problem; null for a blank line.</summary>
    /// <exception cref="IngestException">The row cannot be read and nothing after it can either.</exception>
    private RecordResult? Convert(SepReader.Row row)
    {
        var index = recordIndex++;
        var rowNumber = hasHeader ? index : index + 1;
        if (guard.TakeIssue(index) is { } issue)
        {
            var fieldName = issue.Field < 0 ? null : NameOf(issue.Field);
            if (issue.Fatal)
            {
                var where = fieldName is null ? $"Row {rowNumber}" : $"Row {rowNumber}, field '{fieldName}'";
                throw new IngestException($"{where} {issue.Reason}.", rowNumber, fieldName);
            }
            return RecordResult.Bad(new RecordProblem(rowNumber, fieldName, Capitalize(issue.Reason)));
        }
        if (row.Span.IsEmpty)
        {
            return null;
        }
        if (row.ColCount != columns.Length)
        {
            return RecordResult.Bad(Ragged(rowNumber, row.ColCount));
        }
        var fields = new Dictionary<string, string?>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            fields.Add(columns[i], row[i].ToString());
        }
        return RecordResult.Ok(new SourceRecord(rowNumber, fields));
    }

    private RecordProblem Ragged(long rowNumber, int count)
    {
        var counts = string.Create(CultureInfo.InvariantCulture,
            $"Has {count} {(count == 1 ? "field" : "fields")} but {columnsSource} has {columns.Length}");
        return count > columns.Length
            ? new RecordProblem(rowNumber, null, $"{counts}; a field with the separator in it must be quoted")
            : new RecordProblem(rowNumber, columns[count], $"{counts}: '{columns[count]}' and any columns after it are missing");
    }

    private string NameOf(int field) => field < columns.Length
        ? columns[field]
        : string.Create(CultureInfo.InvariantCulture, $"col{field + 1}");

    private static string Capitalize(string reason) => char.ToUpperInvariant(reason[0]) + reason[1..];

    public ValueTask DisposeAsync()
    {
        sep.Dispose();
        guard.Dispose();
        text.Dispose();
        return ValueTask.CompletedTask;
    }
}
