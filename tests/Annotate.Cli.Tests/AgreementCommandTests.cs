using System.Text;
using System.Text.Json;

namespace Annotate.Cli.Tests;

public class AgreementCommandTests
{
    /// <summary>
    /// Krippendorff (2011), section C: 4 observers × 12 units, "." missing. Published α: nominal 0.743, ordinal 0.815,
    /// interval 0.849, ratio 0.797.
    /// </summary>
    private static readonly string[] Krippendorff2011 =
    [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ];

    /// <summary>Long format, one row per unit and observer; a missing value is a row with an empty label.</summary>
    private static string LongCsv(string[] observers)
    {
        var csv = new StringBuilder("item,annotator,label\n");
        var rows = observers.Select(o => o.Split(' ')).ToArray();
        for (var unit = 0; unit < rows[0].Length; unit++)
        {
            for (var observer = 0; observer < rows.Length; observer++)
            {
                var value = rows[observer][unit] == "." ? "" : rows[observer][unit];
                csv.Append($"unit{unit + 1},obs{(char)('A' + observer)},{value}\n");
            }
        }
        return csv.ToString();
    }

    private static double Number(JsonElement report, string key) => report.GetProperty(key).GetDouble();

    [Theory]
    [InlineData("nominal", 0.743)]
    [InlineData("ordinal", 0.815)]
    [InlineData("interval", 0.849)]
    [InlineData("ratio", 0.797)]
    public async Task PrintsKrippendorffsAlphaAtEachLevelForTheWorkedExample(string level, double published)
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("agreement", "--input", temp.File("a.csv", LongCsv(Krippendorff2011)), "--level", level);

        Assert.True(run.ExitCode == 0, run.Error);
        var report = run.Json;
        Assert.Equal(published, Number(report, "krippendorff_alpha"), 3);
        Assert.Equal(level, report.GetProperty("level").GetString());
    }

    [Fact]
    public async Task ReportsCountsAndSaysWhyFleissAndCohenAreNull()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("agreement", "--input", temp.File("a.csv", LongCsv(Krippendorff2011)));

        Assert.True(run.ExitCode == 0, run.Error);
        var report = run.Json;
        Assert.Equal(12, report.GetProperty("items").GetInt32());
        Assert.Equal(4, report.GetProperty("annotators").GetInt32());
        Assert.Equal(11, report.GetProperty("pairable_items").GetInt32());
        // Per-item shares of agreeing pairs over the 11 pairable units: 9/11.
        Assert.Equal(9.0 / 11, Number(report, "percent_agreement"), 6);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("fleiss_kappa").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("cohen_kappa").ValueKind);
        Assert.Contains("between 1 and 4", report.GetProperty("notes").GetProperty("fleiss_kappa").GetString());
        Assert.Contains("4 annotators", report.GetProperty("notes").GetProperty("cohen_kappa").GetString());

        var pairs = report.GetProperty("pairwise_cohen_kappa").EnumerateArray().ToList();
        Assert.Equal(6, pairs.Count);
        Assert.Equal(("obsA", "obsB"), (pairs[0].GetProperty("a").GetString(), pairs[0].GetProperty("b").GetString()));
        // A and B share units 1-9; A and C share 2-9.
        Assert.Equal(9, pairs[0].GetProperty("items").GetInt32());
        Assert.Equal(8, pairs[1].GetProperty("items").GetInt32());
        Assert.Equal(JsonValueKind.Number, pairs[0].GetProperty("kappa").ValueKind);
    }

    [Fact]
    public async Task TwoAnnotatorsGetCohensKappa()
    {
        // Wikipedia, "Cohen's kappa": 50 proposals, Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15 → κ = 0.4.
        var csv = new StringBuilder("item,annotator,label\n");
        var item = 0;
        foreach (var (a, b, count) in new[] { ("Yes", "Yes", 20), ("Yes", "No", 5), ("No", "Yes", 10), ("No", "No", 15) })
        {
            for (var i = 0; i < count; i++, item++)
            {
                csv.Append($"p{item},ann1,{a}\np{item},ann2,{b}\n");
            }
        }
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("agreement", "--input", temp.File("k.csv", csv.ToString()));

        Assert.True(run.ExitCode == 0, run.Error);
        var report = run.Json;
        Assert.Equal(0.4, Number(report, "cohen_kappa"), 3);
        Assert.Equal(0.7, Number(report, "percent_agreement"), 3);
        var pair = Assert.Single(report.GetProperty("pairwise_cohen_kappa").EnumerateArray());
        Assert.Equal(0.4, pair.GetProperty("kappa").GetDouble(), 3);
        Assert.Equal(50, pair.GetProperty("items").GetInt32());
        // Two ratings on every item: Fleiss' κ is defined (Scott's π here).
        Assert.Equal(JsonValueKind.Number, report.GetProperty("fleiss_kappa").ValueKind);
        Assert.False(report.GetProperty("notes").TryGetProperty("cohen_kappa", out _));
    }

    [Fact]
    public async Task EqualRatingsPerItemGetFleissKappa()
    {
        // Fleiss (1971): 30 patients × 6 psychiatrists, κ = 0.430.
        string[] patients =
        [
            "4 4 4 4 4 4", "2 2 2 5 5 5", "2 3 3 3 3 5", "5 5 5 5 5 5", "2 2 2 4 4 4", "1 1 3 3 3 3", "3 3 3 3 5 5",
            "1 1 3 3 3 4", "1 1 4 4 4 4", "5 5 5 5 5 5", "1 4 4 4 4 4", "1 2 4 4 4 4", "2 2 2 3 3 3", "1 4 4 4 4 4",
            "2 2 4 4 4 5", "3 3 3 3 3 5", "1 1 1 4 5 5", "1 1 1 1 1 2", "2 2 4 4 4 4", "1 3 3 5 5 5", "5 5 5 5 5 5",
            "2 4 4 4 4 4", "2 2 4 5 5 5", "1 1 4 4 4 4", "1 4 4 4 4 5", "2 2 2 2 2 4", "1 1 1 1 5 5", "2 2 4 4 4 4",
            "1 3 3 3 3 3", "5 5 5 5 5 5",
        ];
        var byRater = Enumerable.Range(0, 6).Select(r => string.Join(' ', patients.Select(p => p.Split(' ')[r]))).ToArray();
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("agreement", "--input", temp.File("f.csv", LongCsv(byRater)));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0.430, Number(run.Json, "fleiss_kappa"), 3);
    }

    [Fact]
    public async Task EmptyLabelsAreMissingAndAllMissingGivesNullsWithReasons()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("agreement", "--input", temp.File("m.csv", "item,annotator,label\nu1,a,\nu1,b,\nu2,a,\n"));

        Assert.True(run.ExitCode == 0, run.Error);
        var report = run.Json;
        Assert.Equal(2, report.GetProperty("items").GetInt32());
        Assert.Equal(2, report.GetProperty("annotators").GetInt32());
        Assert.Equal(0, report.GetProperty("pairable_items").GetInt32());
        foreach (var key in new[] { "percent_agreement", "krippendorff_alpha", "fleiss_kappa", "cohen_kappa" })
        {
            Assert.Equal(JsonValueKind.Null, report.GetProperty(key).ValueKind);
            Assert.False(string.IsNullOrEmpty(report.GetProperty("notes").GetProperty(key).GetString()), key);
        }
    }

    [Fact]
    public async Task OneLabelThroughoutGivesNullAlphaWithAReason()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("agreement", "--input", temp.File("o.csv", "item,annotator,label\nu1,a,spam\nu1,b,spam\nu2,a,spam\nu2,b,spam\n"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(1.0, Number(run.Json, "percent_agreement"));
        Assert.Equal(JsonValueKind.Null, run.Json.GetProperty("krippendorff_alpha").ValueKind);
        Assert.Contains("'spam'", run.Json.GetProperty("notes").GetProperty("krippendorff_alpha").GetString());
    }

    [Theory]
    [InlineData("item,coder,label\nu1,a,x\n", "'annotator'")]
    [InlineData("item,annotator,label\nu1,a,x\nu2,,x\n", "Row 2, field 'annotator'")]
    [InlineData("item,annotator,label\nu1,a,x\n ,b,x\n", "Row 2, field 'item'")]
    [InlineData("item,annotator,label\nu1,a,x\nu2,a,y\nu1,a,z\n", "Row 3: Annotator 'a' already has an entry for item 'u1'")]
    [InlineData("item,annotator,label\nu1,a,x\nu1,b,x,extra\n", "Row 2")]
    public async Task BadInputExitsWithTwoNamingTheRowAndField(string csv, string expected)
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("agreement", "--input", temp.File("bad.csv", csv));

        Assert.Equal(AnnotateCli.InvalidInput, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("interval", "u1,b,high", "Row 2, field 'label': 'high' is not a number")]
    [InlineData("ordinal", "u1,b,NaN", "Row 2, field 'label': 'NaN' is not a number")]
    [InlineData("ratio", "u1,b,-1", "Row 2, field 'label': -1 is negative")]
    public async Task NumericLevelsNeedNumbers(string level, string row, string expected)
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("agreement", "--input", temp.File("n.csv", $"item,annotator,label\nu1,a,3\n{row}\n"), "--level", level);

        Assert.Equal(AnnotateCli.InvalidInput, run.ExitCode);
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public async Task AnUnknownLevelIsRefused()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("agreement", "--input", temp.File("a.csv", LongCsv(Krippendorff2011)), "--level", "cardinal");

        Assert.Equal(AnnotateCli.InvalidInput, run.ExitCode);
        Assert.Contains("cardinal", run.Error);
    }

    [Fact]
    public async Task AMissingFileIsInvalidInput()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("agreement", "--input", Path.Combine(temp.Path, "nope.csv"));

        Assert.Equal(AnnotateCli.InvalidInput, run.ExitCode);
        Assert.Contains("nope.csv", run.Error);
    }
}
