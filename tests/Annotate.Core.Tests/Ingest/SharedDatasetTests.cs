using Annotate.Core.Ingest;

namespace Annotate.Core.Tests.Ingest;

/// <summary>
/// Reads the real datasets in ../shared/datasets and checks them against the counts in each folder's PROVENANCE.md.
/// </summary>
public class SharedDatasetTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Youtube01-Psy.csv", 350, 175)]
    [InlineData("Youtube02-KatyPerry.csv", 350, 175)]
    [InlineData("Youtube03-LMFAO.csv", 438, 236)]
    [InlineData("Youtube04-Eminem.csv", 448, 245)]
    [InlineData("Youtube05-Shakira.csv", 370, 174)]
    public async Task YouTubeCsvHasTheRowsAndSpamCountOfItsProvenance(string file, int rows, int spam)
    {
        var outcome = await ReadFileAsync($"youtube_spam_collection/{file}");

        Assert.Empty(outcome.Problems);
        Assert.Equal(rows, outcome.Records.Count);
        Assert.Equal(spam, outcome.Records.Count(r => r.Fields["CLASS"] == "1"));
        Assert.Equal(["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "CLASS"], outcome.Columns);
        Assert.Equal("utf-8", outcome.Encoding);
        Assert.Equal(Enumerable.Range(1, rows).Select(i => (long)i), outcome.Records.Select(r => r.Row));
    }

    [Fact]
    public async Task YouTubeCsvsTotal1956RowsAndKeepTheQuirksOfTheOriginal()
    {
        var files = Directory.GetFiles(SharedDatasets.PathOf("youtube_spam_collection"), "*.csv");
        var records = new List<SourceRecord>();
        foreach (var file in files)
        {
            records.AddRange((await ReadFileAsync(file)).Records);
        }
        var eminem = (await ReadFileAsync("youtube_spam_collection/Youtube04-Eminem.csv")).Records;

        Assert.Equal(5, files.Length);
        Assert.Equal(1956, records.Count);
        Assert.Equal(1005, records.Count(r => r.Fields["CLASS"] == "1"));
        Assert.Equal(1760, records.Select(r => r.Fields["CONTENT"]).Distinct().Count());
        // U+FEFF inside the texts is data, not a byte-order mark: it stays.
        Assert.Contains(records, r => r.Fields["CONTENT"]!.EndsWith('\uFEFF'));
        Assert.Equal(245, eminem.Count(r => r.Fields["DATE"] == ""));
        Assert.Single(eminem, r => r.Fields["CONTENT"]!.Contains('\n'));
    }

    [Fact]
    public async Task SmsTsvWithoutHeaderHas5574MessagesAsInItsReadme()
    {
        var options = new ReadOptions { HasHeader = false, ColumnNames = ["label", "text"] };
        var outcome = await ReadOutcome.ReadAsync(
            ct => RecordReaders.OpenAsync(File.OpenRead(SharedDatasets.PathOf("sms_spam_collection/SMSSpamCollection")), SourceFormat.Tsv, options, ct),
            Token);

        Assert.Null(outcome.Failure);
        Assert.Empty(outcome.Problems);
        Assert.Equal(5574, outcome.Records.Count);
        Assert.Equal(4827, outcome.Records.Count(r => r.Fields["label"] == "ham"));
        Assert.Equal(747, outcome.Records.Count(r => r.Fields["label"] == "spam"));
        Assert.Equal(5171, outcome.Records.Select(r => r.Fields["text"]).Distinct().Count());
        Assert.Contains(outcome.Records, r => r.Fields["text"]!.Contains('"'));
    }

    [Theory]
    [InlineData("train.csv", 5452, 86)]
    [InlineData("test.csv", 500, 9)]
    [InlineData("train.jsonl", 5452, 86)]
    [InlineData("test.jsonl", 500, 9)]
    public async Task TrecDerivedFilesHaveTheRowsAndAbbreviationCountOfTheirProvenance(string file, int rows, int abbreviations)
    {
        var outcome = await ReadFileAsync($"trec_question_classification/{file}");

        Assert.Empty(outcome.Problems);
        Assert.Equal(rows, outcome.Records.Count);
        Assert.Equal(abbreviations, outcome.Records.Count(r => r.Fields["coarse_label"] == "ABBR"));
        Assert.Equal(["id", "text", "coarse_label", "fine_label"], outcome.Columns);
        Assert.Equal(rows, outcome.Records.Select(r => r.Fields["id"]).Distinct().Count());
    }

    [Fact]
    public async Task TrecTrainHasTheLatin1ByteAsEthInTheUtf8Files()
    {
        var csv = await ReadFileAsync("trec_question_classification/train.csv");
        var jsonl = await ReadFileAsync("trec_question_classification/train.jsonl");

        Assert.Contains("sister\u00F0city", csv.Records.Single(r => r.Fields["id"] == "train-0065").Fields["text"]);
        Assert.Contains("sister\u00F0city", jsonl.Records.Single(r => r.Fields["id"] == "train-0065").Fields["text"]);
    }

    [Fact]
    public async Task TrecOriginalLabelFileIsDetectedAsLatin1()
    {
        var options = new ReadOptions { HasHeader = false, ColumnNames = ["line"] };
        var outcome = await ReadOutcome.ReadAsync(
            ct => RecordReaders.OpenAsync(File.OpenRead(SharedDatasets.PathOf("trec_question_classification/train_5500.label")), SourceFormat.Tsv, options, ct),
            Token);

        Assert.Empty(outcome.Problems);
        Assert.Equal("latin-1", outcome.Encoding);
        Assert.Equal(5452, outcome.Records.Count);
        Assert.Contains("sister\u00F0city", outcome.Records[65].Fields["line"]);
    }

    [Fact]
    public async Task TrecOriginalLabelFileReadAsUtf8NamesTheRowWithTheLatin1Byte()
    {
        var options = new ReadOptions { HasHeader = false, ColumnNames = ["line"], Encoding = "utf-8" };
        var outcome = await ReadOutcome.ReadAsync(
            ct => RecordReaders.OpenAsync(File.OpenRead(SharedDatasets.PathOf("trec_question_classification/train_5500.label")), SourceFormat.Tsv, options, ct),
            Token);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(66, problem.Row);
        Assert.Equal("line", problem.Field);
        Assert.Contains("Is not valid UTF-8: byte 0xF0", problem.Reason);
        Assert.Equal(5451, outcome.Records.Count);
    }

    [Theory]
    [InlineData("wrench_youtube", "train.json", 1686, 885)]
    [InlineData("wrench_youtube", "valid.json", 120, 56)]
    [InlineData("wrench_youtube", "test.json", 250, 118)]
    [InlineData("wrench_sms", "train.json", 4571, 617)]
    [InlineData("wrench_sms", "valid.json", 500, 64)]
    [InlineData("wrench_sms", "test.json", 500, 67)]
    [InlineData("wrench_trec", "train.json", 5033, 1165)]
    public async Task WrenchObjectKeyedByIdHasTheRowsAndClassOneCountOfItsProvenance(string folder, string file, int rows, int labelOne)
    {
        var outcome = await ReadFileAsync($"{folder}/{file}");

        Assert.Empty(outcome.Problems);
        Assert.Equal(rows, outcome.Records.Count);
        Assert.Equal(labelOne, outcome.Records.Count(r => r.Fields["label"] == "1"));
        Assert.Equal(["data", "id", "label", "weak_labels"], outcome.Columns.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, rows).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), outcome.Records.Select(r => r.Fields["id"]));
    }

    [Fact]
    public async Task WrenchNestedValuesComeOutAsCompactJson()
    {
        var first = (await ReadFileAsync("wrench_youtube/train.json")).Records[0];

        Assert.Equal("0", first.Fields["id"]);
        Assert.Equal("[-1,-1,1,-1,-1,-1,-1,-1,-1,-1]", first.Fields["weak_labels"]);
        // Compact JSON; the writer escapes the invisible U+FEFF, which reads back as the same text.
        Assert.Equal(
            "{\"text\":\"pls http://www10.vakinha.com.br/VaquinhaE.aspx?e=313327 help me get vip gun  cross fire al\\uFEFF\"}",
            first.Fields["data"]);
        using var data = System.Text.Json.JsonDocument.Parse(first.Fields["data"]!);
        Assert.EndsWith("cross fire al\uFEFF", data.RootElement.GetProperty("text").GetString());
    }

    private static async Task<ReadOutcome> ReadFileAsync(string relativeOrFull)
    {
        var path = Path.IsPathRooted(relativeOrFull) ? relativeOrFull : SharedDatasets.PathOf(relativeOrFull);
        var outcome = await ReadOutcome.ReadAsync(ct => RecordReaders.OpenFileAsync(path, null, ct), Token);
        Assert.Null(outcome.Failure);
        return outcome;
    }
}
