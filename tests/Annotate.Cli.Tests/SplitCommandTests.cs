using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Annotate.Cli.Tests;

public class SplitCommandTests
{
    private static string Trec(string file) => SharedDatasets.PathOf("trec_question_classification", file);

    private static string YouTube(string file) => SharedDatasets.PathOf("youtube_spam_collection", file);

    private static List<JsonElement> ReadJsonl(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task TrecSplitsStratifiedWithEveryClassWithinOneItemOfIdeal()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("split", "--input", Trec("train.csv"), "--label-field", "coarse_label", "--out", temp.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        // stdout is the manifest, byte for byte.
        Assert.Equal(File.ReadAllText(Path.Combine(temp.Path, "manifest.json")), run.Output);
        var manifest = run.Json;
        Assert.Equal("stratified", manifest.GetProperty("strategy").GetString());
        Assert.Equal(5_452, manifest.GetProperty("items").GetInt32());
        var rows = new Dictionary<string, List<JsonElement>>();
        foreach (var name in new[] { "train", "validation", "test" })
        {
            rows[name] = ReadJsonl(Path.Combine(temp.Path, name + ".jsonl"));
        }
        Assert.Equal(5_452, rows.Values.Sum(r => r.Count));
        Assert.Equal(5_452, rows.Values.SelectMany(r => r).Select(r => r.GetProperty("id").GetString()).Distinct().Count());
        // The published class counts of train_5500 (PROVENANCE.md): ABBR 86, DESC 1,162, ENTY 1,250, HUM 1,223, LOC 835, NUM 896.
        var totals = new Dictionary<string, int> { ["ABBR"] = 86, ["DESC"] = 1_162, ["ENTY"] = 1_250, ["HUM"] = 1_223, ["LOC"] = 835, ["NUM"] = 896 };
        foreach (var (name, ratio) in new[] { ("train", 0.8), ("validation", 0.1), ("test", 0.1) })
        {
            Assert.True(Math.Abs(rows[name].Count - (5_452 * ratio)) < 1);
            foreach (var (label, total) in totals)
            {
                var count = rows[name].Count(r => r.GetProperty("label").GetString() == label);
                Assert.True(Math.Abs(count - (total * ratio)) < 1, $"{name} has {count} {label}, ideal {total * ratio}");
            }
        }
        // Other columns come along as fields.
        Assert.StartsWith(rows["test"][0].GetProperty("label").GetString()! + ":", rows["test"][0].GetProperty("fine_label").GetString());
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameBytesAndTheManifestHashesThem()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        string[] args = ["split", "--input", Trec("train.jsonl"), "--label-field", "fine_label", "--format", "parquet", "--balance", "undersample", "--seed", "7"];

        var a = await CliRun.RunAsync([.. args, "--out", first.Path]);
        var b = await CliRun.RunAsync([.. args, "--out", second.Path]);

        Assert.True(a.ExitCode == 0, a.Error);
        Assert.Equal(a.Output, b.Output);
        foreach (var file in a.Json.GetProperty("files").EnumerateArray())
        {
            var path = file.GetProperty("path").GetString()!;
            var bytes = File.ReadAllBytes(Path.Combine(first.Path, path));
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(second.Path, path)));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.GetProperty("sha256").GetString());
        }
        // Fine labels: every class that has train items keeps exactly as many as the smallest.
        var after = a.Json.GetProperty("balance").GetProperty("train_after").EnumerateObject().Select(p => p.Value.GetInt32()).Where(n => n > 0).Distinct();
        Assert.Single(after);
    }

    [Fact]
    public async Task SmsWithoutAHeaderSplitsIntoAHuggingFaceFolder()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("split", "--input", SharedDatasets.PathOf("sms_spam_collection", "SMSSpamCollection"),
            "--input-format", "tsv", "--columns", "label,text", "--label-field", "label", "--format", "hf", "--ratios", "0.8,0.2",
            "--project", "SMS spam", "--out", temp.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["data/train.jsonl", "data/validation.jsonl", "README.md"], run.Json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        var train = ReadJsonl(Path.Combine(temp.Path, "data", "train.jsonl"));
        var validation = ReadJsonl(Path.Combine(temp.Path, "data", "validation.jsonl"));
        Assert.Equal(5_574, train.Count + validation.Count);
        // Row numbers are the ids when the file has none.
        Assert.Equal("1", train.Concat(validation).Select(r => r.GetProperty("id").GetString()).OrderBy(id => int.Parse(id!, CultureInfo.InvariantCulture)).First());
        var card = File.ReadAllText(Path.Combine(temp.Path, "README.md"));
        Assert.Contains("pretty_name: 'SMS spam'", card);
        Assert.Contains($"num_examples: {validation.Count}", card);
    }

    [Fact]
    public async Task YouTubeSplitsByTimeWithNoSplitSeeingTheFuture()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("split", "--input", YouTube("Youtube01-Psy.csv"), "--id-field", "COMMENT_ID", "--text-field", "CONTENT",
            "--label-field", "CLASS", "--time-field", "DATE", "--out", temp.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("time", run.Json.GetProperty("strategy").GetString());
        DateTimeOffset[] Times(string split) =>
            [.. ReadJsonl(Path.Combine(temp.Path, split + ".jsonl")).Select(r => DateTimeOffset.Parse(r.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture))];
        var train = Times("train");
        var validation = Times("validation");
        var test = Times("test");
        Assert.Equal(350, train.Length + validation.Length + test.Length);
        Assert.True(train.Max() < validation.Min());
        Assert.True(validation.Max() < test.Min());
    }

    [Fact]
    public async Task YouTubeAuthorsNeverCrossSplits()
    {
        using var temp = new TempFolder();

        // No --id-field: this file has a COMMENT_ID twice (see the next test), so rows are numbered instead.
        var run = await CliRun.RunAsync("split", "--input", YouTube("Youtube05-Shakira.csv"), "--text-field", "CONTENT",
            "--label-field", "CLASS", "--group-field", "AUTHOR", "--format", "csv", "--out", temp.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("group", run.Json.GetProperty("strategy").GetString());
        Assert.Equal(0, run.Json.GetProperty("deviation").GetProperty("groups_across_splits").GetInt32());
        var splitsOfAuthor = new Dictionary<string, HashSet<string>>();
        var rows = 0;
        foreach (var split in new[] { "train", "validation", "test" })
        {
            // The Core reader (tested on its own) parses the quoted, multi-line comments.
            await using var reader = await Annotate.Core.Ingest.RecordReaders.OpenFileAsync(Path.Combine(temp.Path, split + ".csv"), null, TestContext.Current.CancellationToken);
            Assert.Equal(["id", "text", "label", "group", "COMMENT_ID", "DATE"], reader.Columns);
            await foreach (var row in reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                rows++;
                var author = row.Record!.Fields["group"]!;
                if (!splitsOfAuthor.TryGetValue(author, out var splits))
                {
                    splits = splitsOfAuthor[author] = [];
                }
                splits.Add(split);
            }
        }
        Assert.Equal(370, rows);
        Assert.All(splitsOfAuthor.Values, splits => Assert.Single(splits));
        Assert.Contains(splitsOfAuthor, a => a.Key.Length > 0);
        // The manifest names how far the groups kept the split from the ratios.
        Assert.True(run.Json.GetProperty("deviation").GetProperty("max_size").GetDouble() >= 0);
        var planned = run.Json.GetProperty("splits").EnumerateArray().Sum(s => s.GetProperty("planned").GetInt32());
        Assert.Equal(370, planned);
    }

    [Fact]
    public async Task ARepeatedIdInTheRealDataIsNamedWithBothRows()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("split", "--input", YouTube("Youtube05-Shakira.csv"), "--id-field", "COMMENT_ID", "--text-field", "CONTENT",
            "--label-field", "CLASS", "--out", temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"Row \d+, field 'COMMENT_ID': the id '.+' is already on row \d+", run.Error);
    }

    [Fact]
    public async Task MultiLabelFieldsAsJsonArraysOrPipesSplitIteratively()
    {
        using var temp = new TempFolder();
        var lines = Enumerable.Range(0, 200).Select(i =>
        {
            var labels = new[] { "a", "b", "c", "d" }.Where((_, k) => (((i * 7) + k) % 3) == 0).ToArray();
            // Even rows: a JSON array (quoted for CSV, its quotes doubled); odd rows: a|b.
            var field = i % 2 == 0 ? "\"" + JsonSerializer.Serialize(labels).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : string.Join("|", labels);
            return $"{i},text {i},{(labels.Length == 0 ? "\"[]\"" : field)}";
        });
        var input = temp.File("multi.csv", "id,text,tags\n" + string.Join("\n", lines) + "\n");
        var output = Path.Combine(temp.Path, "out");

        var run = await CliRun.RunAsync("split", "--input", input, "--label-field", "tags", "--out", output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("iterative", run.Json.GetProperty("strategy").GetString());
        Assert.True(run.Json.GetProperty("multi_label").GetBoolean());
        var all = new[] { "train", "validation", "test" }.SelectMany(s => ReadJsonl(Path.Combine(output, s + ".jsonl"))).ToList();
        Assert.Equal(200, all.Count);
        // Row 3 was written a|d; row 0 as ["a","d"].
        var row = all.Single(r => r.GetProperty("id").GetString() == "3");
        Assert.Equal(["a", "d"], row.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task OpenAiChatUsesTheTemplateFile()
    {
        using var temp = new TempFolder();
        var template = temp.File("chat.json", """{"system": "Question types: {label_names}.", "user": "{text}", "assistant": "{label} ({fine_label})"}""");
        var output = Path.Combine(temp.Path, "out");

        var run = await CliRun.RunAsync("split", "--input", Trec("test.csv"), "--label-field", "coarse_label", "--format", "openai-chat",
            "--template", template, "--out", output);

        Assert.True(run.ExitCode == 0, run.Error);
        var line = ReadJsonl(Path.Combine(output, "train.jsonl"))[0];
        var messages = line.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("Question types: ABBR, DESC, ENTY, HUM, LOC, NUM.", messages[0].GetProperty("content").GetString());
        Assert.Matches(@"^[A-Z]+ \([A-Z]+:\w+\)$", messages[2].GetProperty("content").GetString());
    }

    [Fact]
    public async Task AnEmptyTimestampIsNamedByRowAndField()
    {
        using var temp = new TempFolder();

        // Youtube04-Eminem.csv leaves DATE empty on some rows (PROVENANCE.md); the first is data row 1.
        var run = await CliRun.RunAsync("split", "--input", YouTube("Youtube04-Eminem.csv"), "--text-field", "CONTENT", "--label-field", "CLASS",
            "--time-field", "DATE", "--out", temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Row 1, field 'DATE'", run.Error);
        Assert.False(File.Exists(Path.Combine(temp.Path, "manifest.json")));
    }

    [Theory]
    [InlineData("id,text,label\n1,a,x\n2,b,\n", "Row 2, field 'label': no label")]
    [InlineData("id,text,label\n1,a,x\n1,b,y\n", "Row 2, field 'id': the id '1' is already on row 1")]
    [InlineData("id,text,label\n1,a,\"[\"\"x\"\",\"\n", "Row 1, field 'label'")]
    [InlineData("id,text,label\n1,a,x|y\n2,b,z\n", "Row 1, field 'label': more than one label")]
    [InlineData("id,body,label\n1,a,x\n", "no field 'text'; its fields are: id, body, label")]
    public async Task BadRowsAreNamed(string csv, string message)
    {
        using var temp = new TempFolder();
        var input = temp.File("in.csv", csv);

        var run = await CliRun.RunAsync("split", "--input", input, "--label-field", "label", "--strategy", "stratified", "--out", Path.Combine(temp.Path, "out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Theory]
    [InlineData("--ratios", "0.8,0.3,0.1", "sum to")]
    [InlineData("--strategy", "fancy", "fancy")]
    [InlineData("--format", "xml", "xml")]
    [InlineData("--balance", "cap", "--cap")]
    public async Task BadOptionsAreExplained(string option, string value, string message)
    {
        using var temp = new TempFolder();
        var input = temp.File("in.csv", "id,text,label\n1,a,x\n2,b,y\n");

        var run = await CliRun.RunAsync("split", "--input", input, "--label-field", "label", option, value, "--out", Path.Combine(temp.Path, "out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public async Task ASplitWrittenAsParquetReadsBackAsInput()
    {
        using var temp = new TempFolder();
        var first = Path.Combine(temp.Path, "first");
        var run = await CliRun.RunAsync("split", "--input", Trec("test.jsonl"), "--label-field", "coarse_label", "--format", "parquet", "--out", first);
        Assert.True(run.ExitCode == 0, run.Error);

        var again = await CliRun.RunAsync("split", "--input", Path.Combine(first, "train.parquet"), "--label-field", "label", "--ratios", "0.5,0.5",
            "--out", Path.Combine(temp.Path, "second"));

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(run.Json.GetProperty("splits")[0].GetProperty("written").GetInt32(), again.Json.GetProperty("items").GetInt32());
    }
}
