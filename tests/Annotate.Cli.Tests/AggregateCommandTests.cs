using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Annotate.Cli.Tests;

public class AggregateCommandTests
{
    private static readonly string[] Classes = ["pos", "neg", "neutral"];

    private static readonly double[] TrueAccuracies = [0.95, 0.85, 0.75, 0.6, 0.45];

    /// <summary>
    /// No crowd-labeled dataset is in shared/datasets (the WRENCH sets hold labeling-function votes), so: 2,000 items
    /// with a true class from the prior 0.5/0.3/0.2, five annotators of known accuracy who each label 70 % of the items
    /// (a wrong label is one of the other two classes, uniformly), seeded; the gold file holds every true class.
    /// </summary>
    private static (string Csv, string Gold) Crowd(int seed = 5)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("item,annotator,label\n");
        var gold = new StringBuilder("item,label\n");
        for (var i = 0; i < 2000; i++)
        {
            var draw = random.NextDouble();
            var y = draw < 0.5 ? 0 : draw < 0.8 ? 1 : 2;
            gold.Append(CultureInfo.InvariantCulture, $"item{i},{Classes[y]}\n");
            for (var a = 0; a < TrueAccuracies.Length; a++)
            {
                if (random.NextDouble() >= 0.7)
                {
                    continue;
                }
                var label = random.NextDouble() < TrueAccuracies[a] ? y : (y + 1 + random.Next(2)) % 3;
                csv.Append(CultureInfo.InvariantCulture, $"item{i},annotator{a},{Classes[label]}\n");
            }
        }
        return (csv.ToString(), gold.ToString());
    }

    private static JsonElement Annotator(JsonElement report, string name) =>
        report.GetProperty("annotator_accuracy").EnumerateArray().Single(a => a.GetProperty("annotator").GetString() == name);

    [Fact]
    public async Task DawidSkeneEstimatesAnnotatorsOfKnownAccuracyAndBeatsTheMajorityOnGold()
    {
        var (csv, gold) = Crowd();
        using var temp = new TempFolder();
        var input = temp.File("crowd.csv", csv);
        var goldFile = temp.File("gold.csv", gold);

        var dawidSkene = await CliRun.RunAsync("aggregate", "--input", input, "--method", "dawid-skene", "--gold", goldFile);
        var majority = await CliRun.RunAsync("aggregate", "--input", input, "--method", "majority", "--gold", goldFile);

        Assert.True(dawidSkene.ExitCode == 0, dawidSkene.Error);
        Assert.True(majority.ExitCode == 0, majority.Error);
        var report = dawidSkene.Json;
        // A few of the 2,000 items drew no annotator at all and are not in the file.
        var items = csv.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).Distinct().Count();
        Assert.Equal(("dawid-skene", items, items, 5), (report.GetProperty("method").GetString(), report.GetProperty("items").GetInt32(),
            report.GetProperty("gold_items").GetInt32(), report.GetProperty("annotators").GetInt32()));
        Assert.Contains($"{2000 - items} of 2000 gold items", report.GetProperty("notes").GetProperty("gold_items").GetString());
        Assert.True(report.GetProperty("converged").GetBoolean());
        for (var a = 0; a < TrueAccuracies.Length; a++)
        {
            var row = Annotator(report, $"annotator{a}");
            var estimated = row.GetProperty("estimated_accuracy").GetDouble();
            var onGold = row.GetProperty("gold_accuracy").GetDouble();
            Assert.True(Math.Abs(estimated - TrueAccuracies[a]) <= 0.03, $"annotator{a}: estimated {estimated:F4}, true {TrueAccuracies[a]}");
            // Every item has a gold label, so the gold accuracy is the sample's: the estimate tracks it closely.
            Assert.True(Math.Abs(estimated - onGold) <= 0.02, $"annotator{a}: estimated {estimated:F4}, on gold {onGold:F4}");
            Assert.Equal(row.GetProperty("items").GetInt32(), row.GetProperty("gold_items").GetInt32());
        }
        var accuracy = report.GetProperty("accuracy").GetDouble();
        var majorityAccuracy = majority.Json.GetProperty("accuracy").GetDouble();
        Assert.True(accuracy > majorityAccuracy + 0.01, $"dawid-skene {accuracy:F4}, majority {majorityAccuracy:F4}");
        // Majority's per-annotator figure is agreement with the majority: it overrates the weak annotators less than
        // it underrates the strong one, but it orders them the same way.
        var byMajority = Enumerable.Range(0, 5).Select(a => Annotator(majority.Json, $"annotator{a}").GetProperty("estimated_accuracy").GetDouble()).ToList();
        Assert.Equal(byMajority.OrderDescending(), byMajority);
    }

    [Fact]
    public async Task MajorityVoteOnAHandWorkedExampleWithGoldAndAnOutputFile()
    {
        // u1 a a a → a (1); u2 a b b → b (2/3); u3 b b . → b (1); u4 has no label; u5 a . . → a (1).
        const string csv = "item,annotator,label\nu1,A,a\nu1,B,a\nu1,C,a\nu2,A,a\nu2,B,b\nu2,C,b\nu3,A,b\nu3,B,b\nu4,A,\nu5,A,a\n";
        // Gold: u2 is really a; u9 is not in the input.
        const string gold = "item,label\nu1,a\nu2,a\nu3,b\nu9,a\n";
        using var temp = new TempFolder();
        var outFile = Path.Combine(temp.Path, "out", "labels.csv");

        var run = await CliRun.RunAsync("aggregate", "--input", temp.File("in.csv", csv), "--method", "majority", "--gold", temp.File("gold.csv", gold), "--out", outFile);

        Assert.True(run.ExitCode == 0, run.Error);
        var report = run.Json;
        Assert.Equal(("majority", 5, 4, 3), (report.GetProperty("method").GetString(), report.GetProperty("items").GetInt32(),
            report.GetProperty("labeled_items").GetInt32(), report.GetProperty("annotators").GetInt32()));
        Assert.Equal(["a", "b"], report.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        // Scored on u1, u2, u3 (u9 is unknown): u2 is wrong.
        Assert.Equal((2.0 / 3, 3), (report.GetProperty("accuracy").GetDouble(), report.GetProperty("gold_items").GetInt32()));
        Assert.Contains("1 of 4 gold items", report.GetProperty("notes").GetProperty("gold_items").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("iterations").ValueKind);
        // A agrees with the majority on u1, u3, u5 but not u2: 3 of 4. B and C on all theirs.
        var a = Annotator(report, "A");
        Assert.Equal((4, 0.75), (a.GetProperty("items").GetInt32(), a.GetProperty("estimated_accuracy").GetDouble()));
        // On gold A labeled u1, u2, u3, all right.
        Assert.Equal((3, 1.0), (a.GetProperty("gold_items").GetInt32(), a.GetProperty("gold_accuracy").GetDouble()));
        Assert.Equal(1.0, Annotator(report, "C").GetProperty("estimated_accuracy").GetDouble());
        Assert.Equal(0.5, Annotator(report, "C").GetProperty("gold_accuracy").GetDouble());

        Assert.Equal(
            ["item,label,confidence", "u1,a,1", "u2,b,0.666667", "u3,b,1", "u4,,", "u5,a,1"],
            await File.ReadAllLinesAsync(outFile, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WithoutGoldTheAccuracyIsNullAndSaysWhy()
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("aggregate", "--input", temp.File("in.csv", "item,annotator,label\nu1,A,x\nu1,B,y\nu2,A,x\nu2,B,x\n"));

        Assert.True(run.ExitCode == 0, run.Error);
        var report = run.Json;
        Assert.Equal("dawid-skene", report.GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("accuracy").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("gold_items").ValueKind);
        Assert.Equal("no --gold file given", report.GetProperty("notes").GetProperty("accuracy").GetString());
        Assert.Contains("two annotators", report.GetProperty("notes").GetProperty("estimated_accuracy").GetString());
        Assert.Equal(JsonValueKind.Null, Annotator(report, "A").GetProperty("gold_accuracy").ValueKind);
    }

    [Fact]
    public async Task LabelsWithCommasAndQuotesAreQuotedInTheOutput()
    {
        using var temp = new TempFolder();
        var outFile = temp.File("out.csv");

        var run = await CliRun.RunAsync("aggregate", "--input", temp.File("in.csv", "item,annotator,label\n\"u,1\",A,\"say \"\"hi\"\"\"\n"), "--method", "majority", "--out", outFile);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("\"u,1\",\"say \"\"hi\"\"\",1", (await File.ReadAllLinesAsync(outFile, TestContext.Current.CancellationToken))[1]);
    }

    [Theory]
    [InlineData("item,answer\nu1,x\n", "gold.csv: the header has no column 'label'")]
    [InlineData("item,label\nu1,x\nu2,\n", "gold.csv: row 2, field 'label': item 'u2' has no gold label")]
    [InlineData("item,label\nu1,x\n,y\n", "gold.csv: row 2, field 'item'")]
    [InlineData("item,label\nu1,x\nu2,y\nu1,y\n", "gold.csv: row 3, field 'item': item 'u1' already has a gold label on row 1")]
    public async Task BadGoldExitsWithTwoNamingTheRowAndField(string gold, string expected)
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("aggregate", "--input", temp.File("in.csv", "item,annotator,label\nu1,A,x\n"), "--gold", temp.File("gold.csv", gold));

        Assert.Equal(AnnotateCli.InvalidInput, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("item,coder,label\nu1,a,x\n", "'annotator'")]
    [InlineData("item,annotator,label\nu1,a,x\nu1,a,y\n", "Row 2: Annotator 'a' already has an entry for item 'u1'")]
    public async Task BadInputExitsWithTwo(string csv, string expected)
    {
        using var temp = new TempFolder();

        var run = await CliRun.RunAsync("aggregate", "--input", temp.File("in.csv", csv));

        Assert.Equal(AnnotateCli.InvalidInput, run.ExitCode);
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public async Task MissingFilesAndUnknownMethodsAreRefused()
    {
        using var temp = new TempFolder();
        var input = temp.File("in.csv", "item,annotator,label\nu1,A,x\n");

        var noInput = await CliRun.RunAsync("aggregate", "--input", Path.Combine(temp.Path, "nope.csv"));
        var noGold = await CliRun.RunAsync("aggregate", "--input", input, "--gold", Path.Combine(temp.Path, "nope.csv"));
        var method = await CliRun.RunAsync("aggregate", "--input", input, "--method", "average");

        Assert.Equal((AnnotateCli.InvalidInput, AnnotateCli.InvalidInput, AnnotateCli.InvalidInput), (noInput.ExitCode, noGold.ExitCode, method.ExitCode));
        Assert.Contains("No file at", noInput.Error);
        Assert.Contains("No gold file at", noGold.Error);
        Assert.Contains("average", method.Error);
    }
}
