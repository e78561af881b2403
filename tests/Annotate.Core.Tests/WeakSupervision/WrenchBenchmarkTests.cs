using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.WeakSupervision;

/// <summary>
/// The three WRENCH datasets in ../shared/datasets, as WRENCH evaluates label models: fit on train.json, score
/// test.json; accuracy for YouTube and TREC, F1 of class 1 (spam) for SMS. Published figures from each dataset's
/// PROVENANCE.md (WRENCH README, 2021).
/// </summary>
public class WrenchBenchmarkTests(ITestOutputHelper output)
{
    public static TheoryData<string, int, string, double> Datasets => new()
    {
        // dataset, classes, metric, published majority vote
        { "youtube", 2, "accuracy", 84.00 },
        { "sms", 2, "f1", 23.97 },
        { "trec", 6, "accuracy", 60.80 },
    };

    private static double Metric(string metric, int[] labels, IReadOnlyList<int> gold) =>
        metric == "f1" ? WrenchScoring.F1(labels, gold) : WrenchScoring.Accuracy(labels, gold);

    /// <summary>
    /// Our majority vote reproduces WRENCH's published figure to the last published digit when it is scored the WRENCH
    /// way: uncovered items get equal probabilities and every tie is broken by Snorkel's hash of the row index. (With
    /// Annotate's own rule, ties and uncovered items go to the class prior; the figures then differ, see the next test
    /// and the README.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task MajorityVoteScoredLikeWrenchMatchesThePublishedFigure(string dataset, int classes, string metric, double published)
    {
        var train = await WrenchScoring.LoadAsync(dataset, "train");
        var test = await WrenchScoring.LoadAsync(dataset, "test");
        var uniform = Enumerable.Repeat(1.0, classes).ToArray();
        var model = MajorityVoteModel.Fit(train.ToMatrix(classes), new MajorityVoteOptions(TieBreak.ClassPrior, uniform));

        var labels = WrenchScoring.Labels(model.Predict(test.ToMatrix(classes)));

        var ours = 100 * Metric(metric, labels, test.Gold);
        output.WriteLine($"{dataset}: majority vote {metric} {ours:F2} (published {published:F2})");
        Assert.Equal(published, ours, 0.005);
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task TheBestOfOurModelsIsAtLeastMajorityVote(string dataset, int classes, string metric, double published)
    {
        var scores = await ScoreAllAsync(dataset, classes, metric);

        foreach (var (name, score) in scores)
        {
            output.WriteLine($"{dataset}: {name} {metric} {100 * score:F2} (published MV {published:F2})");
        }
        Assert.True(Math.Max(scores["dawid-skene"], scores["snorkel"]) >= scores["majority"],
            $"best of ours {Math.Max(scores["dawid-skene"], scores["snorkel"]):F4} < majority vote {scores["majority"]:F4}");
    }

    /// <summary>
    /// On TREC the benchmark shows a label model beating majority vote (Data Programming 64.20 against 60.80); ours
    /// must too, by at least 3 points of accuracy under the same scoring rule.
    /// </summary>
    [Fact]
    public async Task DawidSkeneBeatsMajorityVoteOnTrec()
    {
        var scores = await ScoreAllAsync("trec", 6, "accuracy");

        output.WriteLine($"trec: majority {scores["majority"]:F4}, Dawid–Skene {scores["dawid-skene"]:F4}");
        Assert.True(scores["dawid-skene"] >= scores["majority"] + 0.03,
            $"Dawid–Skene {scores["dawid-skene"]:F4} against majority vote {scores["majority"]:F4}");
    }

    /// <summary>Each default model fitted on train and scored on test with Annotate's rule (the predicted label; ties
    /// and uncovered items by the model's prior).</summary>
    private static async Task<Dictionary<string, double>> ScoreAllAsync(string dataset, int classes, string metric)
    {
        var train = (await WrenchScoring.LoadAsync(dataset, "train")).ToMatrix(classes);
        var test = await WrenchScoring.LoadAsync(dataset, "test");
        var testMatrix = test.ToMatrix(classes);
        var models = new Dictionary<string, ILabelModel>
        {
            ["majority"] = MajorityVoteModel.Fit(train),
            ["dawid-skene"] = DawidSkeneModel.Fit(train),
            ["snorkel"] = MatrixCompletionModel.Fit(train),
        };
        return models.ToDictionary(m => m.Key, m =>
        {
            var scores = PredictionScores.Compute(m.Value.Predict(testMatrix), test.Gold);
            return metric == "f1" ? scores.F1!.Value : scores.Accuracy!.Value;
        });
    }
}
