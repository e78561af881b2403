using System.Text;
using Annotate.Core.Ingest;
using Parquet.Serialization;

namespace Annotate.Core.Tests.Ingest;

/// <summary>
/// A corpus of broken and awkward files, each built here from bytes, with the row, the field and a stable part of
/// the message it must give (issue #4: "each gets a clear error naming row/field").
/// </summary>
public class MalformedInputTests
{
    private static readonly Dictionary<string, Case> Cases = BuildCases();

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void CorpusHasAtLeastTwentyCases() => Assert.True(Cases.Count >= 20, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task GivesTheExpectedRecordsProblemsOrFailure(string name)
    {
        var testCase = Cases[name];
        var outcome = await ReadOutcome.ReadAsync(testCase.Open, TestContext.Current.CancellationToken);
        testCase.Expected.Check(outcome);
        testCase.Extra?.Invoke(outcome);
    }

    private static Dictionary<string, Case> BuildCases()
    {
        var cases = new Dictionary<string, Case>();
        void Add(string name, Func<CancellationToken, ValueTask<IRecordReader>> open, Expectation expected, Action<ReadOutcome>? extra = null) =>
            cases.Add(name, new Case(open, expected, extra));

        Add("ragged row with too many fields",
            Csv("a,b\n1,2\n3,4,5\n6,7\n"),
            new Reads(2, new At(2, null, "Has 3 fields but the header has 2")));

        Add("ragged row with too few fields",
            Csv("a,b,c\n1,2,3\n4,5\n"),
            new Reads(1, new At(2, "c", "Has 2 fields but the header has 3: 'c' and any columns after it are missing")));

        Add("unclosed quote",
            Csv("id,text\n1,ok\n2,\"never closed\n3,more\n"),
            new Fails(2, "text", "opens a quote on line 3 that is never closed", RecordsBefore: 1));

        Add("quote inside an unquoted field",
            Csv("id,text\n1,a 5\" screen\n2,fine\n"),
            new Reads(1, new At(1, "text", "Contains a quote (\") but does not start with one")),
            o => Assert.Equal("fine", o.Records[0].Fields["text"]));

        Add("characters after a closing quote",
            Csv("id,text\n1,\"quoted\"tail\n2,fine\n"),
            new Reads(1, new At(1, "text", "Has characters after its closing quote")));

        Add("invalid JSON line in JSONL",
            Text("{\"a\":1}\n{\"a\":\n{\"a\":3}\n", SourceFormat.Jsonl),
            new Reads(2, new At(2, null, "Is not valid JSON")),
            o => Assert.Equal(3, o.Records[1].Row));

        Add("JSONL lines that are not objects",
            Text("{\"a\":1}\n[1,2]\n\"text\"\n", SourceFormat.Jsonl),
            new Reads(1, new At(2, null, "Is an array, not an object"), new At(3, null, "Is a string, not an object")));

        Add("JSON array with a syntax error at item 3",
            Text("[\n{\"a\":1},\n{\"a\":2},\n{\"a\":3,,},\n{\"a\":4}\n]", SourceFormat.Json),
            new Fails(3, null, "JSON syntax error in item 3 (line 4", RecordsBefore: 2));

        Add("JSON array with an item that is not an object",
            Text("[{\"a\":1}, 42, {\"a\":3}]", SourceFormat.Json),
            new Reads(2, new At(2, null, "Is a number, not an object")));

        Add("Latin-1 bytes read as explicit UTF-8",
            Bytes([.. "id,text\n1,caf"u8, 0xE9, .. "\n2,ok\n"u8], SourceFormat.Csv, new ReadOptions { Encoding = "utf-8" }),
            new Reads(1, new At(1, "text", "Is not valid UTF-8: byte 0xE9 at byte offset 13")));

        Add("invalid UTF-8 from a stream that cannot seek",
            ct => RecordReaders.OpenAsync(GeneratedStream.Of([.. "id,text\n1,ok\n2,na"u8, 0xEF, .. "ve\n"u8]), SourceFormat.Csv, null, ct),
            new Reads(1, new At(2, "text", "Is not valid UTF-8")),
            o => Assert.Equal("utf-8", o.Encoding));

        Add("Latin-1 detected on a stream that can seek",
            Bytes([.. "id,text\n1,caf"u8, 0xE9, .. "\n"u8], SourceFormat.Csv),
            new Reads(1),
            o =>
            {
                Assert.Equal("latin-1", o.Encoding);
                Assert.Equal("café", o.Records[0].Fields["text"]);
            });

        Add("UTF-16 with a byte-order mark",
            Bytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("id,text\n1,héllo 😀\n")], SourceFormat.Csv),
            new Reads(1),
            o =>
            {
                Assert.Equal("utf-16le", o.Encoding);
                Assert.Equal(["id", "text"], o.Columns);
                Assert.Equal("héllo 😀", o.Records[0].Fields["text"]);
            });

        Add("UTF-16 big-endian JSONL with a byte-order mark",
            Bytes([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("{\"text\":\"grüße\"}\n")], SourceFormat.Jsonl),
            new Reads(1),
            o => Assert.Equal("grüße", o.Records[0].Fields["text"]));

        Add("empty file",
            Bytes([], SourceFormat.Csv),
            new Fails(null, null, "The file is empty (0 bytes)"));

        Add("empty JSON file",
            Bytes([], SourceFormat.Json),
            new Fails(null, null, "The file is empty (0 bytes)"));

        Add("whitespace-only file",
            Csv("  \n\t\r\n   "),
            new Fails(null, null, "The file holds only whitespace"));

        Add("whitespace-only JSONL file",
            Text("\n  \n\n", SourceFormat.Jsonl),
            new Fails(null, null, "The file holds only whitespace"));

        Add("header only",
            Csv("id,text\n"),
            new Reads(0),
            o => Assert.Equal(["id", "text"], o.Columns));

        Add("duplicate header names",
            Csv("id,text,id\n1,a,2\n"),
            new Fails(null, "id", "The header row names the column 'id' twice (columns 1 and 3)"));

        Add("empty header name",
            Csv("id,,label\n1,a,b\n"),
            new Fails(null, null, "Column 2 of the header row has no name (between 'id' and 'label')"));

        GeneratedStream? huge = null;
        Add("100 MB single field",
            ct => RecordReaders.OpenAsync(huge = new GeneratedStream(HugeFieldCsv()), SourceFormat.Csv, null, ct),
            new Reads(1, new At(1, "text", "Is longer than 1,000,000 characters (the limit for one field)")),
            o =>
            {
                Assert.Equal("short", o.Records[0].Fields["text"]);
                Assert.True(huge!.BytesRead > 100L * 1024 * 1024, $"{huge.BytesRead:N0} bytes read");
            });

        Add("binary file renamed .csv",
            ct => RecordReaders.OpenAsync(
                new MemoryStream([0x89, .. "PNG\r\n"u8, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, .. "IHDR"u8]), RecordReaders.FormatOf("photo.csv"), null, ct),
            new Fails(null, null, "The file looks binary, not like CSV text: it has a NUL byte at byte offset 8"));

        Add("truncated Parquet",
            async ct =>
            {
                var bytes = await ParquetBytesAsync(10, ct);
                return await RecordReaders.OpenAsync(new MemoryStream(bytes[..(bytes.Length * 2 / 3)]), SourceFormat.Parquet, null, ct);
            },
            new Fails(null, null, "Not a readable Parquet file"));

        Add("Parquet with zero rows",
            async ct => await RecordReaders.OpenAsync(new MemoryStream(await ParquetBytesAsync(0, ct)), SourceFormat.Parquet, null, ct),
            new Reads(0),
            o => Assert.Equal(["Id", "Text"], o.Columns));

        Add("spreadsheet extension .xlsx",
            ct => RecordReaders.OpenAsync(new MemoryStream([1]), RecordReaders.FormatOf("labels.xlsx"), null, ct),
            new Fails(null, null, "Files ending in '.xlsx' (spreadsheets) are not supported"));

        Add("text extension .txt",
            ct => RecordReaders.OpenAsync(new MemoryStream([1]), RecordReaders.FormatOf("notes.TXT"), null, ct),
            new Fails(null, null, "Files ending in '.txt' are not supported"));

        Add("CSV with a byte-order mark",
            Bytes([0xEF, 0xBB, 0xBF, .. "id,text\n1,\uFEFFkept inside\n"u8], SourceFormat.Csv),
            new Reads(1),
            o =>
            {
                Assert.Equal(["id", "text"], o.Columns);
                Assert.Equal("\uFEFFkept inside", o.Records[0].Fields["text"]);
            });

        Add("CRLF with line breaks and quotes inside quoted fields",
            Csv("id,text\r\n1,\"line one\r\nline two\"\r\n2,\"a \"\"quoted\"\" word, with a comma\"\r\n"),
            new Reads(2),
            o =>
            {
                Assert.Equal("line one\r\nline two", o.Records[0].Fields["text"]);
                Assert.Equal("a \"quoted\" word, with a comma", o.Records[1].Fields["text"]);
                Assert.Equal([1L, 2L], o.Records.Select(r => r.Row));
            });

        Add("one-column CSV",
            Csv("text\nhello\n\nworld"),
            new Reads(2),
            o =>
            {
                Assert.Equal(["text"], o.Columns);
                Assert.Equal([1L, 3L], o.Records.Select(r => r.Row));
            });

        Add("NUL character in a row past the start",
            Csv("id,text\n" + string.Concat(Enumerable.Range(1, 1000).Select(i => $"{i},row {i}\n")) + "1001,bad\0byte\n1002,ok\n"),
            new Reads(1001, new At(1001, "text", "Contains a NUL character")));

        Add("JSON whose top level is not an array or object",
            Text("42", SourceFormat.Json),
            new Fails(null, null, "A JSON file must hold an array of objects"));

        Add("JSON cut short inside an item",
            Text("[{\"a\":1},{\"a\":", SourceFormat.Json),
            new Fails(2, null, "JSON syntax error in item 2", RecordsBefore: 1));

        Add("JSON array that is never closed",
            Text("[{\"a\":1},{\"a\":2}", SourceFormat.Json),
            new Fails(null, null, "The file ends after item 2 without closing the JSON array", RecordsBefore: 2));

        Add("JSON array with a trailing comma",
            Text("[{\"a\":1},]", SourceFormat.Json),
            new Fails(2, null, "expected a value after ',' but found ']'", RecordsBefore: 1));

        Add("JSON object of objects with a value that is not an object",
            Text("{\"0\":{\"text\":\"a\"},\"1\":5,\"2\":{\"text\":\"c\"}}", SourceFormat.Json),
            new Reads(2, new At(2, null, "The value of key '1' is a number, not an object")),
            o => Assert.Equal(["0", "2"], o.Records.Select(r => r.Fields["id"])));

        Add("JSON single object that is not keyed by id",
            Text("{\"text\":\"a\",\"label\":1}", SourceFormat.Json),
            new Fails(1, null, "The top-level JSON object's first value (key 'text') is a string, not an object"));

        Add("JSON object with a duplicate key",
            Text("[{\"a\":1,\"a\":2},{\"a\":3}]", SourceFormat.Json),
            new Reads(1, new At(1, "a", "Appears twice in the same object")));

        Add("JSON item larger than the record limit",
            Bytes(Encoding.UTF8.GetBytes("[{\"text\":\"" + new string('y', 500) + "\"},{\"text\":\"after\"}]"), SourceFormat.Json,
                new ReadOptions { MaxRecordLength = 50, MaxFieldLength = 50 }),
            new Reads(1, new At(1, null, "Is larger than 200 bytes (the limit for one JSON item) and was skipped")),
            o => Assert.Equal("after", o.Records[0].Fields["text"]));

        Add("JSONL field over the field limit",
            Bytes("{\"id\":1,\"text\":\"0123456789\"}\n{\"id\":2,\"text\":\"ok\"}\n"u8.ToArray(), SourceFormat.Jsonl, new ReadOptions { MaxFieldLength = 5 }),
            new Reads(1, new At(1, "text", "Is longer than 5 characters (the limit for one field)")));

        Add("JSONL line over the record limit",
            Bytes(Encoding.UTF8.GetBytes("{\"text\":\"" + new string('z', 300) + "\"}\n{\"text\":\"ok\"}\n"), SourceFormat.Jsonl,
                new ReadOptions { MaxRecordLength = 100, MaxFieldLength = 100 }),
            new Reads(1, new At(1, null, "Is longer than 100 characters (the limit for one line)")));

        Add("CSV row over the record limit",
            Bytes(Encoding.UTF8.GetBytes("a,b,c\n" + string.Join(',', Enumerable.Repeat(new string('w', 40), 3)) + "\n1,2,3\n"), SourceFormat.Csv,
                new ReadOptions { MaxRecordLength = 100, MaxFieldLength = 50 }),
            new Reads(1, new At(1, null, "Is longer than 100 characters (the limit for one row)")));

        Add("stray quote in the header row",
            Csv("id,te\"xt\n1,a\n"),
            new Fails(null, null, "Column 2 of the header row contains a quote"));

        Add("semicolon-separated CSV",
            Csv("id;text\n1;a, b\n"),
            new Reads(1),
            o => Assert.Equal("a, b", o.Records[0].Fields["text"]));

        Add("TSV keeps quotes as text",
            Text("label\ttext\nham\tHe said \"hi\nspam\t\"quoted\"\n", SourceFormat.Tsv),
            new Reads(2),
            o => Assert.Equal(["He said \"hi", "\"quoted\""], o.Records.Select(r => r.Fields["text"])));

        Add("CSV without a header gets numbered columns",
            Bytes("\n1,a\n2,b\n"u8.ToArray(), SourceFormat.Csv, new ReadOptions { HasHeader = false }),
            new Reads(2),
            o =>
            {
                Assert.Equal(["col1", "col2"], o.Columns);
                Assert.Equal([2L, 3L], o.Records.Select(r => r.Row));
            });

        return cases;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> HugeFieldCsv()
    {
        yield return "id,text,label\n1,\""u8.ToArray();
        var chunk = new byte[1 << 20];
        chunk.AsSpan().Fill((byte)'x');
        for (var i = 0; i < 100; i++)
        {
            yield return chunk;
        }
        yield return "\",spam\n2,short,ham\n"u8.ToArray();
    }

    private static async Task<byte[]> ParquetBytesAsync(int rows, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        var data = Enumerable.Range(1, rows).Select(i => new ParquetRow { Id = i, Text = $"text {i}" }).ToList();
        await ParquetSerializer.SerializeAsync(data, stream, cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    private static Func<CancellationToken, ValueTask<IRecordReader>> Csv(string text) => Text(text, SourceFormat.Csv);

    private static Func<CancellationToken, ValueTask<IRecordReader>> Text(string text, SourceFormat format) =>
        Bytes(Encoding.UTF8.GetBytes(text), format);

    private static Func<CancellationToken, ValueTask<IRecordReader>> Bytes(byte[] bytes, SourceFormat format, ReadOptions? options = null) =>
        ct => RecordReaders.OpenAsync(new MemoryStream(bytes, writable: false), format, options, ct);

    private sealed record Case(Func<CancellationToken, ValueTask<IRecordReader>> Open, Expectation Expected, Action<ReadOutcome>? Extra);

    private sealed record At(long Row, string? Field, string Fragment);

    private abstract record Expectation
    {
        public abstract void Check(ReadOutcome outcome);
    }

    /// <summary>The file reads to the end with this many records and exactly these problems.</summary>
    private sealed record Reads(int Records, params At[] Problems) : Expectation
    {
        public override void Check(ReadOutcome outcome)
        {
            Assert.Null(outcome.Failure);
            Assert.Equal(Problems.Length, outcome.Problems.Count);
            foreach (var (expected, actual) in Problems.Zip(outcome.Problems))
            {
                Assert.Equal(expected.Row, actual.Row);
                Assert.Equal(expected.Field, actual.Field);
                Assert.Contains(expected.Fragment, actual.Reason, StringComparison.Ordinal);
            }
            Assert.Equal(Records, outcome.Records.Count);
        }
    }

    /// <summary>Reading stops with an <see cref="IngestException"/> at this row and field.</summary>
    private sealed record Fails(long? Row, string? Field, string Fragment, int RecordsBefore = 0) : Expectation
    {
        public override void Check(ReadOutcome outcome)
        {
            Assert.NotNull(outcome.Failure);
            Assert.Contains(Fragment, outcome.Failure.Message, StringComparison.Ordinal);
            Assert.Equal(Row, outcome.Failure.Row);
            Assert.Equal(Field, outcome.Failure.Field);
            Assert.Equal(RecordsBefore, outcome.Records.Count);
        }
    }

    private sealed class ParquetRow
    {
        public int Id { get; set; }

        public string? Text { get; set; }
    }
}
