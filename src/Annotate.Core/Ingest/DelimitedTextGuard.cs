using System.Buffers;
using System.Globalization;

namespace Annotate.Core.Ingest;

/// <summary>One thing wrong in a CSV/TSV record, found by <see cref="DelimitedTextGuard"/>.</summary>
/// <param name="Field">0-based index of the field, or -1 for the whole row.</param>
/// <param name="Reason">What is wrong.</param>
/// <param name="Fatal">The file cannot be read past this record.</param>
internal sealed record GuardIssue(int Field, string Reason, bool Fatal);

/// <summary>
/// Sits between the decoded text and Sep and checks the RFC 4180 structure as the text streams through.
/// Sep is fast but lenient by design ("quoting is supported by simply matching pairs of quotes, no matter what"):
/// a stray quote makes it merge the rest of the file into one field without a word, and a row over 16 Mi characters
/// makes it throw and stop. This guard notes such faults per record, with the field, and passes Sep a text it can
/// parse in step: quotes that do not open a field are dropped, a field over the length limit is cut (so memory stays
/// bounded however long the field is), and an unclosed quote is closed at the end. Those rows are then reported as
/// problems, never as records, so the changes never reach data.
/// </summary>
internal sealed class DelimitedTextGuard : TextReader
{
    private const int InputSize = 32 * 1024;

    private readonly DecodingTextReader source;
    private readonly char delimiter;
    private readonly bool quotes;
    private readonly long maxField;
    private readonly long maxRow;
    private readonly SearchValues<char> unquotedStops;
    private readonly SearchValues<char> quotedStops;
    private readonly char[] input = new char[InputSize];
    private readonly char[] spill = new char[64];
    private readonly Dictionary<long, GuardIssue> issues = [];
    private int inPos;
    private int inLen;
    private long inBase;
    private int spillPos;
    private int spillLen;
    private bool finished;

    private State state = State.FieldStart;
    private bool afterCr;
    private long record;
    private int field;
    private long fieldLength;
    private long rowLength;
    private bool dropField;
    private bool dropRow;
    private bool openQuoteEmitted;
    private long line = 1;
    private long quoteLine;

    public DelimitedTextGuard(DecodingTextReader source, char delimiter, bool quotes, int maxFieldLength, int maxRecordLength)
    {
        this.source = source;
        this.delimiter = delimiter;
        this.quotes = quotes;
        maxField = maxFieldLength;
        maxRow = maxRecordLength;
        unquotedStops = quotes
            ? SearchValues.Create([delimiter, '"', '\r', '\n', '\0', '\uFFFD'])
            : SearchValues.Create([delimiter, '\r', '\n', '\0', '\uFFFD']);
        quotedStops = SearchValues.Create(['"', '\n', '\0', '\uFFFD']);
    }

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
        AfterClosingQuote,
    }

    /// <summary>Removes and returns what is wrong with <paramref name="recordIndex"/> (0-based, header included).</summary>
    public GuardIssue? TakeIssue(long recordIndex) => issues.Remove(recordIndex, out var issue) ? issue : null;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        while (true)
        {
            var written = Produce(buffer);
            if (written > 0 || finished || buffer.IsEmpty)
            {
                return written;
            }
            Refill(source.Read(input));
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var written = Produce(buffer.Span);
            if (written > 0 || finished || buffer.IsEmpty)
            {
                return written;
            }
            Refill(await source.ReadAsync(input, cancellationToken).ConfigureAwait(false));
        }
    }

    public override Task<int> ReadAsync(char[] buffer, int index, int count) =>
        ReadAsync(buffer.AsMemory(index, count)).AsTask();

    public override int Peek() => throw new NotSupportedException();

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    /// <summary>Takes in a new chunk once the previous one is used up.</summary>
    private void Refill(int read)
    {
        inBase += inLen;
        inPos = 0;
        inLen = read;
        if (read == 0)
        {
            Finish();
        }
    }

    /// <summary>
    /// Writes checked text into <paramref name="buffer"/> from the input already read; 0 means the input is used up
    /// (a scan only stops early when the output is full).
    /// </summary>
    private int Produce(Span<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        var written = DrainSpill(buffer);
        if (written > 0 || finished || inPos == inLen)
        {
            return written;
        }
        if (buffer.Length >= 8)
        {
            return Scan(buffer);
        }
        // A caller with a tiny buffer: scan into the spill buffer, then hand out from there.
        spillLen = Scan(spill);
        spillPos = 0;
        return DrainSpill(buffer);
    }

    private int DrainSpill(Span<char> buffer)
    {
        var count = Math.Min(buffer.Length, spillLen - spillPos);
        spill.AsSpan(spillPos, count).CopyTo(buffer);
        spillPos += count;
        return count;
    }

    /// <summary>
    /// Runs the RFC 4180 state machine over the input. Each step consumes at least one character and writes at most
    /// one more than it consumes, so keeping two characters of room makes every step fit.
    /// </summary>
    private int Scan(Span<char> output)
    {
        var w = 0;
        while (inPos < inLen && output.Length - w >= 3)
        {
            var c = input[inPos];
            if (afterCr)
            {
                afterCr = false;
                if (c == '\n')
                {
                    // The LF of a CRLF that already ended the record.
                    inPos++;
                    output[w++] = c;
                    continue;
                }
            }
            switch (state)
            {
                case State.FieldStart:
                    if (quotes && c == '"')
                    {
                        inPos++;
                        state = State.Quoted;
                        quoteLine = line;
                        if (!dropRow)
                        {
                            output[w++] = '"';
                            rowLength++;
                            openQuoteEmitted = true;
                        }
                    }
                    else
                    {
                        state = State.Unquoted;
                    }
                    break;

                case State.Unquoted:
                {
                    var rest = input.AsSpan(inPos, Math.Min(inLen - inPos, output.Length - w - 2));
                    var run = rest.IndexOfAny(unquotedStops);
                    if (run != 0)
                    {
                        run = run < 0 ? rest.Length : run;
                        w += Content(rest[..run], output[w..]);
                        inPos += run;
                        break;
                    }
                    inPos++;
                    if (c == delimiter)
                    {
                        if (!dropRow && rowLength >= maxRow)
                        {
                            DropRow();
                        }
                        if (!dropRow)
                        {
                            output[w++] = c;
                            rowLength++;
                        }
                        EndField();
                    }
                    else if (c is '\r' or '\n')
                    {
                        output[w++] = c;
                        line++;
                        EndRecord();
                        afterCr = c == '\r';
                    }
                    else if (c == '"')
                    {
                        Issue(field, "contains a quote (\") but does not start with one; a field with quotes must be enclosed in quotes, with each inner quote doubled (\"\")");
                    }
                    else
                    {
                        w += Special(c, output[w..]);
                    }
                    break;
                }

                case State.Quoted:
                {
                    var rest = input.AsSpan(inPos, Math.Min(inLen - inPos, output.Length - w - 2));
                    var run = rest.IndexOfAny(quotedStops);
                    if (run != 0)
                    {
                        run = run < 0 ? rest.Length : run;
                        w += Content(rest[..run], output[w..]);
                        inPos += run;
                        break;
                    }
                    inPos++;
                    if (c == '"')
                    {
                        state = State.QuoteInQuoted;
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            line++;
                        }
                        w += Special(c, output[w..]);
                    }
                    break;
                }

                case State.QuoteInQuoted:
                    if (c == '"')
                    {
                        // An escaped quote: both halves go through, or neither, so Sep stays in step.
                        inPos++;
                        state = State.Quoted;
                        if (Allow(1) == 1)
                        {
                            output[w++] = '"';
                            output[w++] = '"';
                            rowLength++;
                        }
                    }
                    else
                    {
                        w += CloseQuote(output[w..]);
                    }
                    break;

                case State.AfterClosingQuote:
                    if (c != delimiter && c is not '\r' and not '\n')
                    {
                        Issue(field, "has characters after its closing quote; a quoted field must end right after the quote");
                    }
                    state = State.Unquoted;
                    break;
            }
        }
        return w;
    }

    /// <summary>Passes field content through, cutting it where a length limit is passed.</summary>
    private int Content(ReadOnlySpan<char> text, Span<char> output)
    {
        var admitted = Allow(text.Length);
        text[..admitted].CopyTo(output);
        return admitted;
    }

    /// <summary>
    /// Counts <paramref name="length"/> more characters of content and says how many of them may go through: none
    /// once the field or the row has passed its limit, which is then reported once.
    /// </summary>
    private int Allow(int length)
    {
        var admitted = length;
        if (dropField || dropRow)
        {
            admitted = 0;
        }
        else
        {
            if (fieldLength + length > maxField)
            {
                admitted = (int)(maxField - fieldLength);
                dropField = true;
                Issue(field, string.Create(CultureInfo.InvariantCulture, $"is longer than {maxField:N0} characters (the limit for one field)"));
            }
            if (rowLength + admitted > maxRow)
            {
                admitted = (int)Math.Max(0, maxRow - rowLength);
                DropRow();
            }
        }
        fieldLength += length;
        rowLength += admitted;
        return admitted;
    }

    private void DropRow()
    {
        dropRow = true;
        Issue(-1, string.Create(CultureInfo.InvariantCulture, $"is longer than {maxRow:N0} characters (the limit for one row)"));
    }

    private int Special(char c, Span<char> output)
    {
        if (c == '\0')
        {
            Issue(field, "contains a NUL character (byte 0), which text never has");
        }
        else if (c == '\uFFFD' && source.TakeInvalid(inBase + inPos - 1, inBase + inPos) is { } bad)
        {
            Issue(field, bad.Describe());
        }
        return Content([c], output);
    }

    private int CloseQuote(Span<char> output)
    {
        state = State.AfterClosingQuote;
        if (!openQuoteEmitted)
        {
            return 0;
        }
        openQuoteEmitted = false;
        output[0] = '"';
        rowLength++;
        return 1;
    }

    private void EndField()
    {
        field++;
        fieldLength = 0;
        dropField = false;
        openQuoteEmitted = false;
        state = State.FieldStart;
    }

    private void EndRecord()
    {
        record++;
        field = 0;
        fieldLength = 0;
        rowLength = 0;
        dropField = false;
        dropRow = false;
        openQuoteEmitted = false;
        state = State.FieldStart;
    }

    private void Issue(int fieldIndex, string reason, bool fatal = false)
    {
        if (fatal || !issues.ContainsKey(record))
        {
            issues[record] = new GuardIssue(fieldIndex, reason, fatal);
        }
    }

    /// <summary>At the end of the text: settles a pending closing quote, or reports a quote never closed.</summary>
    private void Finish()
    {
        finished = true;
        spillPos = spillLen = 0;
        if (state == State.QuoteInQuoted)
        {
            spillLen = CloseQuote(spill);
        }
        else if (state == State.Quoted)
        {
            Issue(field, string.Create(CultureInfo.InvariantCulture,
                $"opens a quote on line {quoteLine:N0} that is never closed, so the rest of the file (to line {line:N0}) would be inside this field; close the quote, or double it (\"\") if it is part of the text"),
                fatal: true);
            spillLen = CloseQuote(spill);
        }
    }
}
