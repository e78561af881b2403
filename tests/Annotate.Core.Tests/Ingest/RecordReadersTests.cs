using Annotate.Core.Ingest;

namespace Annotate.Core.Tests.Ingest;

public class RecordReadersTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("data.csv", SourceFormat.Csv)]
    [InlineData("DATA.CSV", SourceFormat.Csv)]
    [InlineData("a/b/data.tsv", SourceFormat.Tsv)]
    [InlineData("data.tab", SourceFormat.Tsv)]
    [InlineData("train.json", SourceFormat.Json)]
    [InlineData("train.jsonl", SourceFormat.Jsonl)]
    [InlineData("train.ndjson", SourceFormat.Jsonl)]
    [InlineData("part-0.parquet", SourceFormat.Parquet)]
    public void FormatOfKnowsTheSupportedExtensions(string fileName, SourceFormat format) =>
        Assert.Equal(format, RecordReaders.FormatOf(fileName));

    [Theory]
    [InlineData("notes.txt", "'.txt'")]
    [InlineData("book.xlsx", "save the sheet as CSV")]
    [InlineData("data.csv.gz", "'.gz'")]
    [InlineData("README", "'README' has no extension")]
    public void FormatOfNamesTheExtensionItRejects(string fileName, string fragment)
    {
        var failure = Assert.Throws<IngestException>(() => RecordReaders.FormatOf(fileName));

        Assert.Contains(fragment, failure.Message);
        Assert.Null(failure.Row);
    }

    [Fact]
    public async Task OpenAsyncRejectsBadArgumentsBeforeReading()
    {
        var stream = new MemoryStream("a\n1\n"u8.ToArray());

        await Assert.ThrowsAsync<ArgumentNullException>(() => RecordReaders.OpenAsync(null!, SourceFormat.Csv, null, Token).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RecordReaders.OpenAsync(stream, (SourceFormat)42, null, Token).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RecordReaders.OpenAsync(stream, SourceFormat.Csv, new ReadOptions { MaxFieldLength = 0 }, Token).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RecordReaders.OpenAsync(stream, SourceFormat.Csv, new ReadOptions { MaxRecordLength = 9_000_000 }, Token).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => RecordReaders.OpenAsync(stream, SourceFormat.Csv, new ReadOptions { Encoding = "ebcdic" }, Token).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => RecordReaders.OpenAsync(stream, SourceFormat.Csv, new ReadOptions { Delimiter = '"' }, Token).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => RecordReaders.OpenAsync(stream, SourceFormat.Csv, new ReadOptions { ColumnNames = ["a"] }, Token).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => RecordReaders.OpenAsync(stream, SourceFormat.Csv, new ReadOptions { HasHeader = false, ColumnNames = ["a", "a"] }, Token).AsTask());
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task OpenFileAsyncReadsByExtensionAndOwnsTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"annotate-ingest-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, "{\"text\":\"a\"}\n", Token);
        try
        {
            await using (var reader = await RecordReaders.OpenFileAsync(path, null, Token))
            {
                Assert.Equal(["text"], reader.Columns);
            }
            File.Delete(path);
            Assert.False(File.Exists(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task OpenFileAsyncThrowsForAMissingFile() =>
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            RecordReaders.OpenFileAsync(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.csv"), null, Token).AsTask());

    [Fact]
    public void ProblemsReadAsARowFieldAndReason()
    {
        Assert.Equal("Row 3, field 'text': Is too long", new RecordProblem(3, "text", "Is too long").ToString());
        Assert.Equal("Row 4: Has 3 fields", new RecordProblem(4, null, "Has 3 fields").ToString());
    }
}
