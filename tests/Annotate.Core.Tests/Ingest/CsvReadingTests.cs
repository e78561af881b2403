using System.Text;
using Annotate.Core.Ingest;

namespace Annotate.Core.Tests.Ingest;

public class CsvReadingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(4096, 3)]
    public async Task RandomRfc4180FilesReadBackExactlyWhateverTheChunking(int chunkSize, int seed)
    {
        var rows = RandomRows(new Random(seed), count: 300, columns: 4);
        var bytes = Encoding.UTF8.GetBytes(Write(["a", "b", "c", "d"], rows, newline: seed % 2 == 0 ? "\n" : "\r\n"));

        var outcome = await ReadOutcome.ReadAsync(
            ct => RecordReaders.OpenAsync(new GeneratedStream(Chunks(bytes, chunkSize)), SourceFormat.Csv, null, ct), Token);

        Assert.Null(outcome.Failure);
        Assert.Empty(outcome.Problems);
        Assert.Equal(rows.Count, outcome.Records.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var fields = outcome.Records[i].Fields;
            Assert.Equal(rows[i], new[] { fields["a"]!, fields["b"]!, fields["c"]!, fields["d"]! });
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public async Task FieldsOverTheLimitAreProblemsAndTheOthersStayIntact(int chunkSize)
    {
        const int limit = 12;
        var rows = RandomRows(new Random(42), count: 400, columns: 3);
        var bytes = Encoding.UTF8.GetBytes(Write(["a", "b", "c"], rows, "\n"));
        var options = new ReadOptions { MaxFieldLength = limit };

        var outcome = await ReadOutcome.ReadAsync(
            ct => RecordReaders.OpenAsync(new GeneratedStream(Chunks(bytes, chunkSize)), SourceFormat.Csv, options, ct), Token);

        var tooLong = rows.Select((row, i) => (row, i)).Where(x => x.row.Any(f => f.Length > limit)).ToList();
        Assert.Null(outcome.Failure);
        Assert.Equal(tooLong.Select(x => (long)x.i + 1), outcome.Problems.Select(p => p.Row));
        Assert.Equal(tooLong.Select(x => new[] { "a", "b", "c" }[Array.FindIndex(x.row, f => f.Length > limit)]), outcome.Problems.Select(p => p.Field));
        var kept = rows.Where(r => r.All(f => f.Length <= limit)).ToList();
        Assert.Equal(kept, outcome.Records.Select(r => new[] { r.Fields["a"]!, r.Fields["b"]!, r.Fields["c"]! }));
    }

    [Theory]
    [InlineData("id,text\n1,\"quoted\"", "1|quoted")]
    [InlineData("id,text\r1,a\r2,b", "1|a;2|b")]
    [InlineData("id,text\r\n1,\"a\"\"\"\r\n", "1|a\"")]
    [InlineData("id,text\n1,\n2,\"\"\n", "1|;2|")]
    [InlineData("id,text", "")]
    public async Task LineEndingsAndQuotesAtTheEndOfTheFileAreRead(string csv, string expected)
    {
        var outcome = await ReadOutcome.ReadAsync(csv, SourceFormat.Csv, Token);

        Assert.Null(outcome.Failure);
        Assert.Empty(outcome.Problems);
        Assert.Equal(expected, string.Join(';', outcome.Records.Select(r => $"{r.Fields["id"]}|{r.Fields["text"]}")));
    }

    [Fact]
    public async Task ColumnNamesNameTheFieldsOfAFileWithoutHeader()
    {
        var options = new ReadOptions { HasHeader = false, ColumnNames = ["label", "text"] };

        var outcome = await ReadOutcome.ReadAsync("ham\thello\nspam\twin now\n"u8.ToArray(), SourceFormat.Tsv, options, Token);

        Assert.Equal(["label", "text"], outcome.Columns);
        Assert.Equal(["hello", "win now"], outcome.Records.Select(r => r.Fields["text"]));
        Assert.Equal([1L, 2L], outcome.Records.Select(r => r.Row));
    }

    [Fact]
    public async Task ExplicitDelimiterIsObeyed()
    {
        var outcome = await ReadOutcome.ReadAsync("a|b\n1|x,y\n"u8.ToArray(), SourceFormat.Csv, new ReadOptions { Delimiter = '|' }, Token);

        Assert.Equal("x,y", Assert.Single(outcome.Records).Fields["b"]);
    }

    [Fact]
    public async Task ReadingTwiceThrows()
    {
        await using var reader = await RecordReaders.OpenAsync(new MemoryStream("a\n1\n"u8.ToArray()), SourceFormat.Csv, null, Token);
        await foreach (var _ in reader.ReadAsync(Token))
        {
        }

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in reader.ReadAsync(Token))
            {
            }
        });
    }

    [Fact]
    public async Task CancellationStopsReading()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var bytes = Encoding.UTF8.GetBytes("a\n" + string.Concat(Enumerable.Range(0, 10_000).Select(i => $"{i}\n")));
        await using var reader = await RecordReaders.OpenAsync(new MemoryStream(bytes), SourceFormat.Csv, null, cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in reader.ReadAsync(cancellation.Token))
            {
                if (result.Record!.Row == 10)
                {
                    await cancellation.CancelAsync();
                }
            }
        });
    }

    [Fact]
    public async Task StreamIsLeftOpenAndReadFromItsPosition()
    {
        var stream = new MemoryStream("junk|a,b\n1,2\n"u8.ToArray()) { Position = 5 };

        await using (var reader = await RecordReaders.OpenAsync(stream, SourceFormat.Csv, null, Token))
        {
            Assert.Equal(["a", "b"], reader.Columns);
        }

        Assert.True(stream.CanRead);
    }

    private static List<string[]> RandomRows(Random random, int count, int columns)
    {
        const string alphabet = "abcxyz ,,\"\"\r\n\n\té€😀;'";
        var rows = new List<string[]>();
        for (var r = 0; r < count; r++)
        {
            var row = new string[columns];
            for (var c = 0; c < columns; c++)
            {
                var length = random.Next(0, random.Next(2) == 0 ? 5 : 40);
                var builder = new StringBuilder();
                while (builder.Length < length)
                {
                    var index = random.Next(alphabet.Length);
                    // Keep surrogate pairs whole.
                    builder.Append(char.IsSurrogate(alphabet[index])
                        ? "😀"
                        : alphabet[index].ToString());
                }
                row[c] = builder.ToString();
            }
            rows.Add(row);
        }
        return rows;
    }

    private static string Write(string[] header, List<string[]> rows, string newline)
    {
        var builder = new StringBuilder(string.Join(',', header)).Append(newline);
        foreach (var row in rows)
        {
            builder.AppendJoin(',', row.Select(Quote)).Append(newline);
        }
        return builder.ToString();

        static string Quote(string field) =>
            field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || field.Length == 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] bytes, int size)
    {
        for (var i = 0; i < bytes.Length; i += size)
        {
            yield return bytes.AsMemory(i, Math.Min(size, bytes.Length - i));
        }
    }
}
