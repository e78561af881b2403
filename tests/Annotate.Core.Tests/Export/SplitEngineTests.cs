using Annotate.Core.Export;
using Annotate.Core.Export.Splits;

namespace Annotate.Core.Tests.Export;

/// <summary>Property tests over many random datasets and seeds: each guarantee the engine documents, checked on every run.</summary>
public class SplitEngineTests
{
    private static readonly SplitRatios[] RatioSets =
    [
        SplitRatios.Default,
        new(0.7, 0.15, 0.15),
        new(0.8, 0.2, 0),
        new(0.9, 0, 0.1),
        new(0.6, 0.25, 0.15),
    ];

    public static TheoryData<SplitStrategy> SizeExactStrategies => [SplitStrategy.Random, SplitStrategy.Stratified, SplitStrategy.Iterative];

    [Theory]
    [MemberData(nameof(SizeExactStrategies))]
    public void SplitSizesAreWithinOneItemOfTheRatios(SplitStrategy strategy)
    {
        var data = new Random(1);
        for (var run = 0; run < 300; run++)
        {
            var records = SyntheticRecords.SingleLabel(data, data.Next(1, 400), data.Next(1, 9));
            var options = new SplitOptions { Ratios = RatioSets[run % RatioSets.Length], Strategy = strategy, Seed = run };

            var plan = SplitEngine.Split(records, options);

            Assert.Equal(records.Count, plan.Splits.Sum(s => plan.IndexesOf(s).Count));
            foreach (var summary in plan.Summaries)
            {
                Assert.True(Math.Abs(summary.SizeDeviation) < 1, $"run {run}: {summary.Split} has {summary.Size} items, ideal {summary.IdealSize}");
                Assert.Equal(summary.Size, plan.IndexesOf(summary.Split).Count);
            }
            Assert.True(plan.MaxSizeDeviation < 1);
        }
    }

    [Fact]
    public void StratifiedClassCountsAreWithinOneItemOfIdealInEverySplit()
    {
        var data = new Random(2);
        for (var run = 0; run < 400; run++)
        {
            var records = SyntheticRecords.SingleLabel(data, data.Next(1, 500), data.Next(1, 30));
            var ratios = RatioSets[run % RatioSets.Length];

            var plan = SplitEngine.Split(records, new SplitOptions { Ratios = ratios, Strategy = SplitStrategy.Stratified, Seed = run * 7 });

            // Count independently of the plan's own summary.
            foreach (var split in plan.Splits)
            {
                foreach (var label in records.Select(r => r.Labels[0]).Distinct())
                {
                    var ideal = records.Count(r => r.Labels[0] == label) * ratios.Of(split);
                    var actual = plan.IndexesOf(split).Count(i => records[i].Labels[0] == label);
                    Assert.True(Math.Abs(actual - ideal) < 1, $"run {run}: {split} has {actual} of '{label}', ideal {ideal}");
                }
            }
            Assert.True(plan.MaxClassDeviation < 1);
        }
    }

    [Fact]
    public void RandomSplitsAreNotStratifiedSoTheStratifiedGuaranteeIsNotFree()
    {
        // The check above must be able to fail: on the same data a plain shuffle misses the class counts often.
        var data = new Random(2);
        var misses = 0;
        for (var run = 0; run < 100; run++)
        {
            var records = SyntheticRecords.SingleLabel(data, data.Next(100, 500), 5);
            var plan = SplitEngine.Split(records, new SplitOptions { Strategy = SplitStrategy.Random, Seed = run });
            misses += plan.MaxClassDeviation >= 1 ? 1 : 0;
        }
        Assert.True(misses > 50, $"only {misses} of 100 random splits missed a class count by a whole item");
    }

    [Theory]
    [InlineData(SplitStrategy.Random)]
    [InlineData(SplitStrategy.Stratified)]
    [InlineData(SplitStrategy.Iterative)]
    [InlineData(SplitStrategy.Group)]
    [InlineData(SplitStrategy.Time)]
    public void TheSameSeedGivesTheSamePlanAndAnotherSeedAnother(SplitStrategy strategy)
    {
        var data = new Random(3);
        var records = SyntheticRecords.WithTimestamps(data, SyntheticRecords.WithGroups(data, SyntheticRecords.SingleLabel(data, 300, 4), 3));

        var first = Assignment(SplitEngine.Split(records, new SplitOptions { Strategy = strategy, Seed = 5 }));
        var again = Assignment(SplitEngine.Split([.. records], new SplitOptions { Strategy = strategy, Seed = 5 }));
        var other = Assignment(SplitEngine.Split(records, new SplitOptions { Strategy = strategy, Seed = 6 }));

        Assert.Equal(first, again);
        if (strategy != SplitStrategy.Time)
        {
            Assert.NotEqual(first, other);
        }
    }

    [Fact]
    public void IterativeStratificationBeatsRandomOnLabelAndLabelPairDistribution()
    {
        // Sechidis et al. (2011) score a split by LD (label distribution) and LPD (label-pair distribution): the
        // mean over labels (pairs) of the mean over splits of |share in the split − share in the data|.
        var data = new Random(4);
        double iterativeLd = 0, randomLd = 0, iterativeLpd = 0, randomLpd = 0;
        var lpdWins = 0;
        const int runs = 60;
        for (var run = 0; run < runs; run++)
        {
            var records = SyntheticRecords.MultiLabel(data, data.Next(150, 600), data.Next(4, 12));
            var iterative = SplitEngine.Split(records, new SplitOptions { Strategy = SplitStrategy.Iterative, Seed = run });
            var random = SplitEngine.Split(records, new SplitOptions { Strategy = SplitStrategy.Random, Seed = run });

            iterativeLd += Distribution(iterative, r => r.Labels.Select(l => l));
            randomLd += Distribution(random, r => r.Labels.Select(l => l));
            var iterativePairs = Distribution(iterative, Pairs);
            var randomPairs = Distribution(random, Pairs);
            iterativeLpd += iterativePairs;
            randomLpd += randomPairs;
            lpdWins += iterativePairs < randomPairs ? 1 : 0;
        }
        Assert.True(iterativeLd < randomLd / 2, $"LD: iterative {iterativeLd / runs:F5}, random {randomLd / runs:F5}");
        Assert.True(iterativeLpd < randomLpd, $"LPD: iterative {iterativeLpd / runs:F5}, random {randomLpd / runs:F5}");
        Assert.True(lpdWins > runs * 0.6, $"iterative had the lower LPD on {lpdWins} of {runs} datasets");
    }

    [Fact]
    public void NoGroupOrNearDuplicateGroupCrossesSplits()
    {
        var data = new Random(5);
        for (var run = 0; run < 150; run++)
        {
            var records = SyntheticRecords.WithGroups(data, SyntheticRecords.SingleLabel(data, data.Next(20, 400), data.Next(2, 6)), data.Next(1, 8));

            var plan = SplitEngine.Split(records, new SplitOptions { Ratios = RatioSets[run % RatioSets.Length], Strategy = SplitStrategy.Group, Seed = run });

            foreach (var key in new Func<SplitRecord, string?>[] { r => r.GroupKey, r => r.NearDuplicateGroup })
            {
                var splitsPerGroup = Enumerable.Range(0, records.Count)
                    .Where(i => key(records[i]) is not null)
                    .GroupBy(i => key(records[i]))
                    .Select(g => g.Select(plan.SplitOf).Distinct().Count());
                Assert.All(splitsPerGroup, n => Assert.Equal(1, n));
            }
            Assert.Equal(0, plan.GroupsAcrossSplits);
        }
    }

    [Fact]
    public void GroupSplitsStayCloseToTheRatiosAndReportTheirDeviation()
    {
        var data = new Random(6);
        double groupDeviation = 0, randomDeviation = 0;
        for (var run = 0; run < 100; run++)
        {
            var records = SyntheticRecords.WithGroups(data, SyntheticRecords.SingleLabel(data, data.Next(200, 600), 4), 4);
            var group = SplitEngine.Split(records, new SplitOptions { Strategy = SplitStrategy.Group, Seed = run });
            var random = SplitEngine.Split(records, new SplitOptions { Strategy = SplitStrategy.Random, Seed = run });

            // The reported figures are the real ones.
            foreach (var summary in group.Summaries)
            {
                Assert.Equal(group.IndexesOf(summary.Split).Count, summary.Size);
                foreach (var count in summary.Classes)
                {
                    Assert.Equal(group.IndexesOf(summary.Split).Count(i => records[i].Labels[0] == count.Label), count.Count);
                }
            }
            // Groups of at most 4 (joined a little by near duplicates): sizes within a few items.
            Assert.True(group.MaxSizeDeviation <= 8, $"run {run}: size off by {group.MaxSizeDeviation}");
            groupDeviation += group.MaxClassDeviation;
            randomDeviation += random.MaxClassDeviation;
        }
        Assert.True(groupDeviation < randomDeviation / 2, $"mean class deviation: group {groupDeviation / 100:F2}, random {randomDeviation / 100:F2}");
    }

    [Fact]
    public void SingleItemGroupsSplitLikeStratified()
    {
        var data = new Random(7);
        for (var run = 0; run < 100; run++)
        {
            var records = SyntheticRecords.SingleLabel(data, data.Next(10, 300), data.Next(1, 6))
                .Select(r => r with { GroupKey = r.Id }).ToList();

            var plan = SplitEngine.Split(records, new SplitOptions { Strategy = SplitStrategy.Group, Seed = run });

            Assert.True(plan.MaxClassDeviation <= 1.5, $"run {run}: class off by {plan.MaxClassDeviation}");
        }
    }

    [Fact]
    public void TimeOrderHoldsBetweenSplitsAndEqualTimesShareASplit()
    {
        var data = new Random(8);
        for (var run = 0; run < 200; run++)
        {
            var records = SyntheticRecords.WithTimestamps(data, SyntheticRecords.SingleLabel(data, data.Next(1, 300), 3));
            var ratios = RatioSets[run % RatioSets.Length];

            var plan = SplitEngine.Split(records, new SplitOptions { Ratios = ratios, Strategy = SplitStrategy.Time, Seed = run });

            var present = plan.Splits.Where(s => plan.IndexesOf(s).Count > 0).ToList();
            for (var k = 1; k < present.Count; k++)
            {
                var latestBefore = plan.IndexesOf(present[k - 1]).Max(i => records[i].Timestamp!.Value);
                var earliest = plan.IndexesOf(present[k]).Min(i => records[i].Timestamp!.Value);
                Assert.True(latestBefore < earliest, $"run {run}: {present[k - 1]} ends at {latestBefore}, {present[k]} starts at {earliest}");
            }
        }
    }

    [Fact]
    public void TimeSplitsWithDistinctTimesAreWithinOneItemOfTheRatios()
    {
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var data = new Random(9);
        for (var run = 0; run < 100; run++)
        {
            var records = SyntheticRecords.SingleLabel(data, data.Next(1, 300), 2)
                .Select((r, i) => r with { Timestamp = start.AddSeconds(-i * 7) }).ToList();

            var plan = SplitEngine.Split(records, new SplitOptions { Ratios = RatioSets[run % RatioSets.Length], Strategy = SplitStrategy.Time });

            Assert.True(plan.MaxSizeDeviation < 1, $"run {run}: size off by {plan.MaxSizeDeviation}");
        }
    }

    [Fact]
    public void StratifiedRejectsAnItemWithoutExactlyOneLabelAndNamesIt()
    {
        List<SplitRecord> records = [new("a", "x", ["p"]), new("b", "y", ["p", "q"])];

        var error = Assert.Throws<ArgumentException>(() => SplitEngine.Split(records, new SplitOptions { Strategy = SplitStrategy.Stratified }));

        Assert.Contains("'b'", error.Message);
        Assert.Contains("iterative", error.Message);
    }

    [Fact]
    public void TimeOrderedRejectsAnItemWithoutATimestampAndNamesIt()
    {
        List<SplitRecord> records = [new("a", "x", ["p"]) { Timestamp = DateTimeOffset.UnixEpoch }, new("b", "y", ["p"])];

        var error = Assert.Throws<ArgumentException>(() => SplitEngine.Split(records, new SplitOptions { Strategy = SplitStrategy.Time }));

        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void DuplicateIdsAreRejected()
    {
        List<SplitRecord> records = [new("a", "x", ["p"]), new("a", "y", ["p"])];

        var error = Assert.Throws<ArgumentException>(() => SplitEngine.Split(records, new SplitOptions()));

        Assert.Contains("'a'", error.Message);
    }

    [Theory]
    [InlineData("0.8,0.1,0.1", 0.8, 0.1, 0.1)]
    [InlineData("80,10,10", 0.8, 0.1, 0.1)]
    [InlineData("0.8, 0.2", 0.8, 0.2, 0)]
    public void RatiosParseFromTheCommandLineForm(string text, double train, double validation, double test)
    {
        var ratios = SplitRatios.Parse(text);

        Assert.Equal((train, validation, test), (ratios.Train, ratios.Validation, ratios.Test));
    }

    [Theory]
    [InlineData("0.8,0.1")]
    [InlineData("0.8,0.1,0.1,0.1")]
    [InlineData("0,0.5,0.5")]
    [InlineData("0.8,-0.1,0.3")]
    [InlineData("a,b")]
    public void BadRatiosAreRejected(string text) => Assert.Throws<ArgumentException>(() => SplitRatios.Parse(text));

    private static SplitName[] Assignment(SplitPlan plan) => [.. Enumerable.Range(0, plan.Records.Count).Select(plan.SplitOf)];

    private static IEnumerable<string> Pairs(SplitRecord record)
    {
        var labels = record.Labels.Order(StringComparer.Ordinal).ToList();
        for (var a = 0; a < labels.Count; a++)
        {
            for (var b = a + 1; b < labels.Count; b++)
            {
                yield return labels[a] + "+" + labels[b];
            }
        }
    }

    /// <summary>Mean over keys (labels or pairs) of the mean over splits of |share of items with the key in the split − in the data|.</summary>
    private static double Distribution(SplitPlan plan, Func<SplitRecord, IEnumerable<string>> keys)
    {
        var all = plan.Records.SelectMany(keys).Distinct().ToList();
        if (all.Count == 0)
        {
            return 0;
        }
        var total = 0.0;
        foreach (var key in all)
        {
            var share = plan.Records.Count(r => keys(r).Contains(key)) / (double)plan.Records.Count;
            var sum = 0.0;
            foreach (var split in plan.Splits)
            {
                var items = plan.IndexesOf(split);
                sum += Math.Abs((items.Count(i => keys(plan.Records[i]).Contains(key)) / (double)items.Count) - share);
            }
            total += sum / plan.Splits.Count;
        }
        return total / all.Count;
    }
}
