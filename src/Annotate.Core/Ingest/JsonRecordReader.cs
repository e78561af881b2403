using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Annotate.Core.Ingest;

/// <summary>
/// Reads a JSON array of objects, or a top-level object whose values are objects keyed by id (the WRENCH layout,
/// where the key becomes the field "id" unless the object has one). The structure around the items is read by hand
/// and each item is parsed on its own with <see cref="Utf8JsonReader"/>, so the file streams through a buffer that
/// only ever holds about one item.
/// <list type="bullet">
/// <item>Problems (the row is skipped): an item that is not an object; a field longer than
/// <see cref="ReadOptions.MaxFieldLength"/>; an item over 4 × <see cref="ReadOptions.MaxRecordLength"/> bytes of UTF-8; a
/// key twice in one object; bytes invalid in the encoding.</item>
/// <item><see cref="IngestException"/>: an empty, whitespace-only or binary file; a top level that is not an array
/// or an object of objects; a JSON syntax error (nothing after it can be trusted, so it names the item and line);
/// a file that ends before the array or object is closed; content after it.</item>
/// </list>
/// Row numbers are item positions, 1-based.
/// </summary>
internal sealed class JsonRecordReader : PrefetchingRecordReader
{
    private const int InitialBufferSize = 64 * 1024;
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };
    private static readonly SearchValues<byte> JsonWhiteSpace = SearchValues.Create(" \t\r\n"u8);

    private readonly DecodingTextReader text;
    private readonly Utf8Transcoder utf8;
    private readonly int maxFieldLength;
    private readonly long maxItemBytes;
    private readonly ColumnCollector columns = new();
    private byte[] buffer = new byte[InitialBufferSize];
    private int start;
    private int end;
    private long bufferBase;
    private bool eof;
    private long line = 1;
    private long lineStart;
    private Expect expect = Expect.TopLevel;
    private bool keyed;
    private long items;
    private string? key;
    private long keyStart;

    private JsonRecordReader(DecodingTextReader text, ReadOptions options)
    {
        this.text = text;
        utf8 = new Utf8Transcoder(text);
        maxFieldLength = options.MaxFieldLength;
        maxItemBytes = 4L * options.MaxRecordLength;
    }

    private enum Expect
    {
        TopLevel,
        ValueOrEnd,
        Value,
        CommaOrEnd,
        KeyOrEnd,
        Key,
        Colon,
        Done,
    }

    public override IReadOnlyList<string> Columns => columns;

    public override string? DetectedEncoding => TextEncodings.NameOf(text.Encoding);

    private long Position => bufferBase + start;

    private string Location => string.Create(CultureInfo.InvariantCulture, $"line {line:N0}, column {Position - lineStart + 1:N0}");

    /// <exception cref="IngestException">The file cannot be read (see the class remarks).</exception>
    public static async ValueTask<IRecordReader> OpenAsync(Stream stream, ReadOptions options, bool leaveOpen, CancellationToken cancellationToken)
    {
        var text = await TextSource.OpenAsync(stream, options.Encoding, leaveOpen, "JSON", cancellationToken).ConfigureAwait(false);
        var reader = new JsonRecordReader(text, options);
        try
        {
            reader.First = await reader.NextAsync(cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>Walks the structure to the next item and reads it; null once the top-level value is closed.</summary>
    protected override async ValueTask<RecordResult?> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (expect == Expect.Done)
            {
                if (await SkipWhiteSpaceAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new IngestException($"Unexpected content after the end of the JSON {Container} on {Location}: '{Describe(buffer[start])}'.");
                }
                return null;
            }
            if (!await SkipWhiteSpaceAsync(cancellationToken).ConfigureAwait(false))
            {
                throw expect == Expect.TopLevel
                    ? new IngestException("The file holds only whitespace: a JSON file needs an array of objects or an object of objects.")
                    : new IngestException(string.Create(CultureInfo.InvariantCulture,
                        $"The file ends after item {items:N0} without closing the JSON {Container}; it may have been cut short."));
            }
            var next = buffer[start];
            switch (expect)
            {
                case Expect.TopLevel:
                    if (next is not (byte)'[' and not (byte)'{')
                    {
                        throw new IngestException(
                            $"A JSON file must hold an array of objects ([…]) or an object of objects keyed by id (WRENCH layout), but this one starts with '{Describe(next)}' on {Location}. For one object per line, name the file .jsonl.");
                    }
                    keyed = next == (byte)'{';
                    Advance(1);
                    expect = keyed ? Expect.KeyOrEnd : Expect.ValueOrEnd;
                    break;

                case Expect.ValueOrEnd or Expect.KeyOrEnd or Expect.CommaOrEnd when next == (keyed ? (byte)'}' : (byte)']'):
                    Advance(1);
                    expect = Expect.Done;
                    break;

                case Expect.CommaOrEnd:
                    if (next != (byte)',')
                    {
                        throw Syntax(items, $"expected ',' or '{(keyed ? '}' : ']')}' after item {items:N0} but found '{Describe(next)}'");
                    }
                    Advance(1);
                    expect = keyed ? Expect.Key : Expect.Value;
                    break;

                case Expect.KeyOrEnd or Expect.Key:
                    if (next != (byte)'"')
                    {
                        throw Syntax(items + 1, $"expected a quoted key but found '{Describe(next)}'");
                    }
                    keyStart = Position;
                    key = await ReadKeyAsync(cancellationToken).ConfigureAwait(false);
                    expect = Expect.Colon;
                    break;

                case Expect.Colon:
                    if (next != (byte)':')
                    {
                        throw Syntax(items + 1, $"expected ':' after the key '{key}' but found '{Describe(next)}'");
                    }
                    Advance(1);
                    expect = Expect.Value;
                    break;

                default:
                    if (expect == Expect.Value && (next == (byte)']' || next == (byte)'}'))
                    {
                        throw Syntax(items + 1, $"expected a value after ',' but found '{Describe(next)}' (a trailing comma)");
                    }
                    var result = await ReadItemAsync(cancellationToken).ConfigureAwait(false);
                    expect = Expect.CommaOrEnd;
                    return result;
            }
        }
    }

    private string Container => keyed ? "object" : "array";

    private async ValueTask<RecordResult> ReadItemAsync(CancellationToken cancellationToken)
    {
        items++;
        var itemStart = keyed ? keyStart : Position;
        while (true)
        {
            if (TryParseItem(out var document, out var consumed))
            {
                using (document)
                {
                    Advance(consumed);
                    var invalid = utf8.TakeInvalid(itemStart, Position);
                    if (consumed > maxItemBytes)
                    {
                        return TooLarge();
                    }
                    if (keyed && items == 1 && document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw new IngestException(
                            $"The top-level JSON object's first value (key '{key}') is {JsonRecords.KindOf(document.RootElement.ValueKind)}, not an object: expected an array of objects, or an object of objects keyed by id (WRENCH layout). For one object per line, name the file .jsonl.",
                            row: 1, field: null);
                    }
                    return JsonRecords.ToRecord(document.RootElement, items, keyed ? key : null, columns, maxFieldLength, invalid);
                }
            }
            if (end - start >= maxItemBytes)
            {
                await SkipValueAsync(cancellationToken).ConfigureAwait(false);
                return TooLarge();
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private RecordResult TooLarge() => RecordResult.Bad(new RecordProblem(items, null, string.Create(CultureInfo.InvariantCulture,
        $"Is larger than {maxItemBytes:N0} bytes (the limit for one JSON item) and was skipped")));

    /// <summary>Parses the value at the buffer's start if all of it is buffered.</summary>
    /// <exception cref="IngestException">The value is not valid JSON.</exception>
    private bool TryParseItem(out JsonDocument document, out int consumed)
    {
        var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, new JsonReaderState(ReaderOptions));
        try
        {
            if (JsonDocument.TryParseValue(ref reader, out var parsed))
            {
                document = parsed;
                consumed = (int)reader.BytesConsumed;
                return true;
            }
        }
        catch (JsonException e)
        {
            throw SyntaxAt(e);
        }
        document = null!;
        consumed = 0;
        return false;
    }

    private async ValueTask<string> ReadKeyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReadKey(out var name, out var consumed))
            {
                Advance(consumed);
                return name;
            }
            if (end - start >= maxItemBytes)
            {
                throw Syntax(items + 1, string.Create(CultureInfo.InvariantCulture, $"a key longer than {maxItemBytes:N0} bytes"));
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool TryReadKey(out string name, out int consumed)
    {
        var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, new JsonReaderState(ReaderOptions));
        try
        {
            if (reader.Read())
            {
                name = reader.GetString()!;
                consumed = (int)reader.BytesConsumed;
                return true;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw e is JsonException json ? SyntaxAt(json) : Syntax(items + 1, "a key with an invalid \\u escape");
        }
        name = "";
        consumed = 0;
        return false;
    }

    /// <summary>
    /// Steps over a value too large to buffer, keeping only the nesting depth and string state, so memory stays
    /// bounded; the value is then reported as a problem.
    /// </summary>
    private async ValueTask SkipValueAsync(CancellationToken cancellationToken)
    {
        var depth = 0;
        var inString = false;
        var escaped = false;
        var scalar = buffer[start] is not (byte)'{' and not (byte)'[' and not (byte)'"';
        while (true)
        {
            var span = buffer.AsSpan(start, end - start);
            for (var i = 0; i < span.Length; i++)
            {
                var b = span[i];
                var done = false;
                if (scalar)
                {
                    done = b is (byte)',' or (byte)']' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
                    if (done)
                    {
                        Advance(i);
                        return;
                    }
                    continue;
                }
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (b == (byte)'\\')
                    {
                        escaped = true;
                    }
                    else if (b == (byte)'"')
                    {
                        inString = false;
                        done = depth == 0;
                    }
                }
                else if (b == (byte)'"')
                {
                    inString = true;
                }
                else if (b is (byte)'{' or (byte)'[')
                {
                    depth++;
                }
                else if (b is (byte)'}' or (byte)']')
                {
                    depth--;
                    done = depth == 0;
                }
                if (done)
                {
                    Advance(i + 1);
                    return;
                }
            }
            Advance(span.Length);
            if (eof)
            {
                throw new IngestException(string.Create(CultureInfo.InvariantCulture,
                    $"The file ends inside item {items:N0}; it may have been cut short."), items, null);
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Skips JSON whitespace; false when the text ends first.</summary>
    private async ValueTask<bool> SkipWhiteSpaceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var span = buffer.AsSpan(start, end - start);
            var skip = span.IndexOfAnyExcept(JsonWhiteSpace);
            Advance(skip < 0 ? span.Length : skip);
            if (skip >= 0)
            {
                return true;
            }
            if (eof)
            {
                return false;
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Consumes <paramref name="count"/> bytes, counting lines for messages.</summary>
    private void Advance(int count)
    {
        var span = buffer.AsSpan(start, count);
        var lines = span.Count((byte)'\n');
        if (lines > 0)
        {
            line += lines;
            lineStart = Position + span.LastIndexOf((byte)'\n') + 1;
        }
        start += count;
    }

    /// <summary>Reads more bytes, first moving what is left to the front and doubling the buffer when it is full.</summary>
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (eof)
        {
            return;
        }
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            bufferBase += start;
            end -= start;
            start = 0;
        }
        if (buffer.Length - end < 4)
        {
            Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 16), maxItemBytes + InitialBufferSize));
        }
        // Fill the free space completely: an item is parsed again from its start after each fill, so small fills
        // of a large item would make reading it quadratic.
        while (buffer.Length - end >= 4)
        {
            var read = await utf8.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                eof = true;
                return;
            }
            end += read;
        }
    }

    private IngestException SyntaxAt(JsonException e)
    {
        var errorLine = line + (e.LineNumber ?? 0);
        var column = (e.LineNumber is null or 0 ? Position - lineStart : 0) + (e.BytePositionInLine ?? 0) + 1;
        var row = expect is Expect.Key or Expect.KeyOrEnd ? items + 1 : items;
        return new IngestException(string.Create(CultureInfo.InvariantCulture,
            $"JSON syntax error in item {row:N0} (line {errorLine:N0}, column {column:N0}): {JsonRecords.MessageOf(e)}"), row, null, e);
    }

    private IngestException Syntax(long row, string what) => new(string.Create(CultureInfo.InvariantCulture,
        $"JSON syntax error at item {row:N0} ({Location}): {what}."), row, null);

    private static string Describe(byte b) => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"0x{b:X2}";

    public override ValueTask DisposeAsync()
    {
        text.Dispose();
        return ValueTask.CompletedTask;
    }
}
