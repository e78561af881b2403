using System.Text.Json;

namespace Annotate.Cli.Tests;

public class CleanCommandTests
{
    private static List<JsonElement> ReadJsonl(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];

    private const string Sample =
        "id,text,source\n" +
        "1,\"Win a FREE prize now, call +44 20 7946 0958\",sms\n" +
        "2,\"Win a   FREE prize now, call +44 20 7946 0958\",sms\n" +
        "3,Meeting at noon tomorrow in the usual room with the whole team please,mail\n" +
        "4,Meeting at noon tomorrow in the usual room with the whole team please bring,mail\n" +
        "5,write to jane.doe@example.com about the invoice,mail\n" +
        "6,,mail\n";

    [Fact]
    public async Task ExactDedupeDropsCopiesAndReportsEverything()
    {
        using var temp = new TempFolder();
        var input = temp.File("in.csv", Sample);
        var output = temp.File("out.jsonl");

        var run = await CliRun.RunAsync("clean", "--input", input, "--text-field", "text", "--out", output);

        Assert.True(run.ExitCode == 0, run.Error);
        var report = run.Json;
        Assert.Equal(6, report.GetProperty("rows_in").GetInt64());
        Assert.Equal(4, report.GetProperty("rows_out").GetInt64());
        Assert.Equal(1, report.GetProperty("exact_duplicates").GetInt64());
        Assert.Equal(2, report.GetProperty("pii").GetProperty("phone").GetInt64());
        Assert.Equal(1, report.GetProperty("pii").GetProperty("email").GetInt64());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal(6, error.GetProperty("row").GetInt64());
        Assert.Equal("text", error.GetProperty("field").GetString());

        var rows = ReadJsonl(output);
        Assert.Equal(["1", "3", "4", "5"], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("sms", rows[0].GetProperty("source").GetString());
        // Keep means: count PII, leave the text.
        Assert.Contains("jane.doe@example.com", rows[3].GetProperty("text").GetString());
    }

    [Fact]
    public async Task NoDedupeKeepsCopiesAndPointsThemAtTheFirst()
    {
        using var temp = new TempFolder();
        var output = temp.File("out.jsonl");
        var run = await CliRun.RunAsync("clean", "--input", temp.File("in.csv", Sample), "--text-field", "text", "--out", output, "--dedupe", "none");
        Assert.True(run.ExitCode == 0, run.Error);
        var rows = ReadJsonl(output);
        Assert.Equal(5, rows.Count);
        Assert.Equal(1, rows[1].GetProperty("duplicate_of").GetInt64());
        Assert.False(rows[0].TryGetProperty("duplicate_of", out _));
    }

    [Fact]
    public async Task NearDedupeKeepsOneRowPerGroup()
    {
        using var temp = new TempFolder();
        var output = temp.File("out.jsonl");
        var run = await CliRun.RunAsync("clean", "--input", temp.File("in.csv", Sample), "--text-field", "text", "--out", output,
            "--dedupe", "near", "--near-threshold", "0.8");
        Assert.True(run.ExitCode == 0, run.Error);
        var report = run.Json;
        Assert.Equal(1, report.GetProperty("near_duplicate_groups").GetInt64());
        Assert.Equal(1, report.GetProperty("near_duplicate_rows").GetInt64());
        var rows = ReadJsonl(output);
        Assert.Equal(["1", "3", "5"], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(3, rows[1].GetProperty("near_duplicate_group").GetInt64());
        Assert.Equal(2, rows[1].GetProperty("near_duplicate_size").GetInt64());
    }

    [Fact]
    public async Task MaskReplacesPiiAndDropLeavesThoseRowsOut()
    {
        using var temp = new TempFolder();
        var input = temp.File("in.csv", Sample);
        var masked = temp.File("masked.jsonl");
        var maskRun = await CliRun.RunAsync("clean", "--input", input, "--text-field", "text", "--out", masked, "--pii", "mask");
        Assert.True(maskRun.ExitCode == 0, maskRun.Error);
        var text = ReadJsonl(masked).Single(r => r.GetProperty("id").GetString() == "5").GetProperty("text").GetString();
        Assert.Equal("write to [EMAIL] about the invoice", text);

        var dropped = temp.File("dropped.jsonl");
        var run = await CliRun.RunAsync("clean", "--input", input, "--text-field", "text", "--out", dropped, "--pii", "drop");
        Assert.Equal(["3", "4"], ReadJsonl(dropped).Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(3, run.Json.GetProperty("filtered").GetInt64());
    }

    [Fact]
    public async Task AMissingTextFieldIsInvalidInputNamingTheFields()
    {
        using var temp = new TempFolder();
        var run = await CliRun.RunAsync("clean", "--input", temp.File("in.csv", Sample), "--text-field", "body", "--out", temp.File("o.jsonl"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no field 'body'", run.Error);
        Assert.Contains("id, text, source", run.Error);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("missing.csv", "No file")]
    [InlineData("sheet.xlsx", ".xlsx")]
    public async Task AnUnreadableInputIsInvalidInput(string name, string expected)
    {
        using var temp = new TempFolder();
        var path = name == "missing.csv" ? temp.File(name) : temp.File(name, "not a spreadsheet");
        var run = await CliRun.RunAsync("clean", "--input", path, "--text-field", "text", "--out", temp.File("o.jsonl"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public async Task AnUnknownOptionValueIsInvalidInput()
    {
        using var temp = new TempFolder();
        var run = await CliRun.RunAsync("clean", "--input", temp.File("in.csv", Sample), "--text-field", "text", "--out", temp.File("o.jsonl"), "--dedupe", "fuzzy");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("fuzzy", run.Error);
    }

    [Fact]
    public async Task TheSmsCollectionLosesItsExactDuplicates()
    {
        using var temp = new TempFolder();
        var input = temp.File("sms.tsv");
        File.Copy(SharedDatasets.PathOf("sms_spam_collection", "SMSSpamCollection"), input);
        // The file has no header; prepend one so the fields have names.
        File.WriteAllText(input, "label\ttext\n" + File.ReadAllText(input));
        var output = temp.File("out.jsonl");

        var run = await CliRun.RunAsync("clean", "--input", input, "--text-field", "text", "--out", output);

        Assert.True(run.ExitCode == 0, run.Error);
        var report = run.Json;
        Assert.Equal(5_574, report.GetProperty("rows_in").GetInt64());
        // 403 copies are byte-identical (PROVENANCE.md); normalising whitespace and Unicode can only merge more.
        var duplicates = report.GetProperty("exact_duplicates").GetInt64();
        Assert.InRange(duplicates, 403, 500);
        Assert.Equal(5_574 - duplicates, report.GetProperty("rows_out").GetInt64());
        Assert.Equal(report.GetProperty("rows_out").GetInt64(), ReadJsonl(output).Count);
    }
}
