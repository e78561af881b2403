using Annotate.Core.Ingest;
using Parquet;
using Parquet.Serialization;

namespace Annotate.Core.Tests.Ingest;

public class ParquetReadingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ValuesAreFormattedInvariantlyAndNestedOnesAsJson()
    {
        var bytes = await WriteAsync(
            [
                new Row
                {
                    Id = 1, Text = "héllo", Score = 0.25, Flag = true, Amount = 12.5m,
                    When = new DateTime(2024, 3, 4, 5, 6, 7, DateTimeKind.Utc), Tags = [1, 2], Inner = new Inner { Name = "n" },
                },
                new Row { Id = 2, Text = null, Score = null, When = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            ],
            rowGroupSize: null);

        var outcome = await ReadOutcome.ReadAsync(bytes, SourceFormat.Parquet, null, Token);

        Assert.Equal(["Id", "Text", "Score", "Flag", "Amount", "When", "Tags", "Inner"], outcome.Columns);
        Assert.Null(outcome.Encoding);
        var first = outcome.Records[0].Fields;
        Assert.Equal("1", first["Id"]);
        Assert.Equal("héllo", first["Text"]);
        Assert.Equal("0.25", first["Score"]);
        Assert.Equal("true", first["Flag"]);
        Assert.Equal("12.5", first["Amount"]);
        Assert.Equal("2024-03-04T05:06:07.0000000Z", first["When"]);
        Assert.Equal("[1,2]", first["Tags"]);
        Assert.Equal("{\"Name\":\"n\"}", first["Inner"]);
        Assert.Null(outcome.Records[1].Fields["Text"]);
        Assert.Null(outcome.Records[1].Fields["Score"]);
    }

    [Fact]
    public async Task RowsAreNumberedAcrossRowGroupsAndAStreamThatCannotSeekIsSpilled()
    {
        var bytes = await WriteAsync([.. Enumerable.Range(1, 25).Select(i => new Row { Id = i, Text = $"t{i}" })], rowGroupSize: 10);

        var outcome = await ReadOutcome.ReadAsync(ct => RecordReaders.OpenAsync(GeneratedStream.Of(bytes), SourceFormat.Parquet, null, ct), Token);

        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), outcome.Records.Select(r => r.Row));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"t{i}"), outcome.Records.Select(r => r.Fields["Text"]));
    }

    [Fact]
    public async Task ValueOverTheFieldLimitIsAProblem()
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync([new TextRow { Text = "far too long" }, new TextRow { Text = "ok" }], stream, cancellationToken: Token);
        var bytes = stream.ToArray();

        var outcome = await ReadOutcome.ReadAsync(bytes, SourceFormat.Parquet, new ReadOptions { MaxFieldLength = 5 }, Token);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal((1L, "Text"), (problem.Row, problem.Field));
        Assert.Equal("ok", Assert.Single(outcome.Records).Fields["Text"]);
    }

    [Fact]
    public async Task TextThatIsNotParquetFails()
    {
        var outcome = await ReadOutcome.ReadAsync("id,text\n1,a\n"u8.ToArray(), SourceFormat.Parquet, null, Token);

        Assert.StartsWith("Not a readable Parquet file", outcome.Failure?.Message);
    }

    private static async Task<byte[]> WriteAsync(List<Row> rows, int? rowGroupSize)
    {
        using var stream = new MemoryStream();
        var options = new ParquetOptions();
        if (rowGroupSize is { } size)
        {
            options.RowGroupSize = size;
        }
        await ParquetSerializer.SerializeAsync(rows, stream, options, cancellationToken: Token);
        return stream.ToArray();
    }

    private sealed class Row
    {
        public int Id { get; set; }

        public string? Text { get; set; }

        public double? Score { get; set; }

        public bool Flag { get; set; }

        public decimal Amount { get; set; }

        public DateTime When { get; set; }

        public List<int>? Tags { get; set; }

        public Inner? Inner { get; set; }
    }

    private sealed class TextRow
    {
        public string? Text { get; set; }
    }

    private sealed class Inner
    {
        public string? Name { get; set; }
    }
}
