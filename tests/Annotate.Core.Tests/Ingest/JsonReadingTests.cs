using Annotate.Core.Ingest;

namespace Annotate.Core.Tests.Ingest;

public class JsonReadingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SourceFormat.Json, "[{\"n\":1.50,\"b\":true,\"z\":null,\"s\":\"é\\n\",\"o\":{ \"x\" : [1, 2] },\"a\":[ \"ü\" ]}]")]
    [InlineData(SourceFormat.Jsonl, "{\"n\":1.50,\"b\":true,\"z\":null,\"s\":\"é\\n\",\"o\":{ \"x\" : [1, 2] },\"a\":[ \"ü\" ]}\n")]
    public async Task ValuesBecomeTextAsTheirJsonReads(SourceFormat format, string json)
    {
        var outcome = await ReadOutcome.ReadAsync(json, format, Token);

        var fields = Assert.Single(outcome.Records).Fields;
        Assert.Equal("1.50", fields["n"]);
        Assert.Equal("true", fields["b"]);
        Assert.Null(fields["z"]);
        Assert.Equal("é\n", fields["s"]);
        Assert.Equal("{\"x\":[1,2]}", fields["o"]);
        Assert.Equal("[\"ü\"]", fields["a"]);
    }

    [Fact]
    public async Task ColumnsGrowInOrderOfFirstAppearance()
    {
        await using var reader = await RecordReaders.OpenAsync(
            new MemoryStream("{\"a\":1}\n\n{\"b\":2,\"a\":3}\n{\"c\":4}\n"u8.ToArray()), SourceFormat.Jsonl, null, Token);
        Assert.Equal(["a"], reader.Columns);

        var rows = new List<long>();
        await foreach (var result in reader.ReadAsync(Token))
        {
            rows.Add(result.Record!.Row);
        }

        Assert.Equal(["a", "b", "c"], reader.Columns);
        Assert.Equal([1L, 3L, 4L], rows);
    }

    [Fact]
    public async Task KeyedObjectAddsTheKeyAsIdUnlessTheObjectHasOne()
    {
        var outcome = await ReadOutcome.ReadAsync(
            "{\"a\": {\"text\":\"one\"}, \"b\": {\"id\":\"own\",\"text\":\"two\"}}", SourceFormat.Json, Token);

        Assert.Equal(["a", "own"], outcome.Records.Select(r => r.Fields["id"]));
        Assert.Equal([1L, 2L], outcome.Records.Select(r => r.Row));
        Assert.Equal(["id", "text"], outcome.Columns);
    }

    [Fact]
    public async Task EmptyArrayHasNoRecordsAndNoColumns()
    {
        var outcome = await ReadOutcome.ReadAsync(" [ ] ", SourceFormat.Json, Token);

        Assert.Null(outcome.Failure);
        Assert.Empty(outcome.Records);
        Assert.Empty(outcome.Columns);
    }

    [Fact]
    public async Task ItemsLargerThanTheBufferAreReadWhole()
    {
        var text = new string('q', 300_000);
        var json = $"[{{\"text\":\"{text}\"}},{{\"text\":\"b\"}}]";

        var outcome = await ReadOutcome.ReadAsync(
            ct => RecordReaders.OpenAsync(new GeneratedStream(Chunks(System.Text.Encoding.UTF8.GetBytes(json), 1000)), SourceFormat.Json, null, ct), Token);

        Assert.Equal([text, "b"], outcome.Records.Select(r => r.Fields["text"]));
    }

    [Fact]
    public async Task SyntaxErrorNamesTheLineAndColumn()
    {
        var outcome = await ReadOutcome.ReadAsync("[\n  {\"a\": 1},\n  {\"a\": tru}\n]", SourceFormat.Json, Token);

        Assert.NotNull(outcome.Failure);
        Assert.Equal(2, outcome.Failure.Row);
        Assert.StartsWith("JSON syntax error in item 2 (line 3, column ", outcome.Failure.Message);
    }

    [Fact]
    public async Task ContentAfterTheArrayFails()
    {
        var outcome = await ReadOutcome.ReadAsync("[{\"a\":1}]\n[{\"a\":2}]", SourceFormat.Json, Token);

        Assert.Contains("Unexpected content after the end of the JSON array on line 2, column 1", outcome.Failure?.Message);
        Assert.Single(outcome.Records);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] bytes, int size)
    {
        for (var i = 0; i < bytes.Length; i += size)
        {
            yield return bytes.AsMemory(i, Math.Min(size, bytes.Length - i));
        }
    }
}
