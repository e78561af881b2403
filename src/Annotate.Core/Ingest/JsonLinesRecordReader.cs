using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Annotate.Core.Ingest;

/// <summary>
/// Reads JSON Lines: one object per line, each parsed on its own, so a bad line never hides the lines after it.
/// <list type="bullet">
/// <item>Problems (the row is skipped): a line that is not valid JSON; a line holding something other than an
/// object; a line longer than <see cref="ReadOptions.MaxRecordLength"/>; a field longer than
/// <see cref="ReadOptions.MaxFieldLength"/>; a key twice in one object; bytes invalid in the encoding.</item>
/// <item><see cref="IngestException"/>: an empty or whitespace-only file, or NUL bytes at the start (binary).</item>
/// <item>Neither: a blank line is not a record; it keeps its line number.</item>
/// </list>
/// Row numbers are line numbers. A line ends at LF; a CR before it is dropped.
/// </summary>
internal sealed class JsonLinesRecordReader : PrefetchingRecordReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    private readonly DecodingTextReader text;
    private readonly int maxRecordLength;
    private readonly int maxFieldLength;
    private readonly ColumnCollector columns = new();
    private char[] line = new char[1024];
    private int lineLength;
    private bool lineTooLong;
    private long lineNumber;

    private JsonLinesRecordReader(DecodingTextReader text, ReadOptions options)
    {
        this.text = text;
        maxRecordLength = options.MaxRecordLength;
        maxFieldLength = options.MaxFieldLength;
    }

    public override IReadOnlyList<string> Columns => columns;

    public override string? DetectedEncoding => TextEncodings.NameOf(text.Encoding);

    /// <exception cref="IngestException">The file is empty, whitespace only, or binary.</exception>
    public static async ValueTask<IRecordReader> OpenAsync(Stream stream, ReadOptions options, bool leaveOpen, CancellationToken cancellationToken)
    {
        var text = await TextSource.OpenAsync(stream, options.Encoding, leaveOpen, "JSON Lines", cancellationToken).ConfigureAwait(false);
        var reader = new JsonLinesRecordReader(text, options);
        try
        {
            reader.First = await reader.NextAsync(cancellationToken).ConfigureAwait(false);
            if (reader.First is null)
            {
                throw new IngestException("The file holds only whitespace: a JSON Lines file needs at least one line with an object.");
            }
            return reader;
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>The result for the next line that is not blank, or null at the end.</summary>
    protected override async ValueTask<RecordResult?> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var start = text.Position;
            if (!await ReadLineAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            lineNumber++;
            var invalid = text.TakeInvalid(start, text.Position);
            if (ToResult(invalid) is { } result)
            {
                return result;
            }
        }
    }

    /// <summary>Reads up to and including the next LF into <see cref="line"/>, keeping at most the record limit.</summary>
    /// <returns>False at the end of the text, when no character was left.</returns>
    private async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        lineLength = 0;
        lineTooLong = false;
        var any = false;
        while (true)
        {
            if (text.Available.IsEmpty && !await text.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return any;
            }
            any = true;
            var available = text.Available;
            var end = available.IndexOf('\n');
            Append(end < 0 ? available : available[..end]);
            text.Consume(end < 0 ? available.Length : end + 1);
            if (end >= 0)
            {
                return true;
            }
        }
    }

    private void Append(ReadOnlySpan<char> part)
    {
        if (lineTooLong)
        {
            return;
        }
        if (lineLength + part.Length > maxRecordLength)
        {
            lineTooLong = true;
            return;
        }
        if (lineLength + part.Length > line.Length)
        {
            Array.Resize(ref line, Math.Min(maxRecordLength, Math.Max(line.Length * 2, lineLength + part.Length)));
        }
        part.CopyTo(line.AsSpan(lineLength));
        lineLength += part.Length;
    }

    private RecordResult? ToResult(InvalidText? invalid)
    {
        if (lineTooLong)
        {
            return Problem(null, string.Create(CultureInfo.InvariantCulture, $"Is longer than {maxRecordLength:N0} characters (the limit for one line)"));
        }
        var content = line.AsMemory(0, lineLength);
        if (content.Span.EndsWith('\r'))
        {
            content = content[..^1];
        }
        if (content.Span.IsWhiteSpace())
        {
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, DocumentOptions);
        }
        catch (JsonException e)
        {
            if (invalid is not null)
            {
                return Problem(null, "Text " + invalid.Describe());
            }
            var position = e.BytePositionInLine is { } byteInLine
                ? string.Create(CultureInfo.InvariantCulture, $" (at byte {byteInLine + 1:N0} of the line)")
                : "";
            return Problem(null, $"Is not valid JSON: {JsonRecords.MessageOf(e)}{position}");
        }
        using (document)
        {
            return JsonRecords.ToRecord(document.RootElement, lineNumber, key: null, columns, maxFieldLength, invalid);
        }
    }

    private RecordResult Problem(string? field, string reason) => RecordResult.Bad(new RecordProblem(lineNumber, field, reason));

    public override ValueTask DisposeAsync()
    {
        text.Dispose();
        return ValueTask.CompletedTask;
    }
}
