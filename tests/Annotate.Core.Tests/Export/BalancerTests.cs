using Annotate.Core.Export;
using Annotate.Core.Export.Balancing;
using Annotate.Core.Export.Splits;

namespace Annotate.Core.Tests.Export;

public class BalancerTests
{
    public static TheoryData<BalanceMode> Modes => [BalanceMode.None, BalanceMode.Undersample, BalanceMode.Oversample, BalanceMode.Cap];

    [Theory]
    [MemberData(nameof(Modes))]
    public void ValidationAndTestAreNeverTouched(BalanceMode mode)
    {
        var data = new Random(20);
        for (var run = 0; run < 100; run++)
        {
            var records = SyntheticRecords.SingleLabel(data, data.Next(10, 400), data.Next(1, 6));
            var plan = SplitEngine.Split(records, new SplitOptions { Seed = run });

            var balanced = Balancer.Apply(plan, new BalanceOptions { Mode = mode, CapPerClass = 7 });

            foreach (var split in balanced.Splits.Where(s => s.Name != SplitName.Train))
            {
                Assert.Equal(plan.IndexesOf(split.Name).Select(i => records[i].Id), split.Items.Select(i => i.Id));
                Assert.All(split.Items, i => Assert.Null(i.DuplicateOf));
            }
        }
    }

    [Fact]
    public void UndersampleCutsEveryClassToTheSmallestAndKeepsOnlyTrainItems()
    {
        var data = new Random(21);
        for (var run = 0; run < 50; run++)
        {
            var records = SyntheticRecords.SingleLabel(data, data.Next(50, 400), data.Next(2, 6));
            var plan = SplitEngine.Split(records, new SplitOptions { Seed = run });
            var trainIds = plan.IndexesOf(SplitName.Train).Select(i => records[i].Id).ToHashSet();

            var balanced = Balancer.Apply(plan, new BalanceOptions { Mode = BalanceMode.Undersample });

            var train = balanced.Splits[0].Items;
            var smallest = balanced.Report.Before.Where(c => c.Value > 0).Min(c => c.Value);
            Assert.All(train.GroupBy(i => i.Record.Labels[0]), g => Assert.Equal(smallest, g.Count()));
            Assert.All(train, i => Assert.Contains(i.Id, trainIds));
            Assert.Equal(1.0, balanced.Report.ImbalanceAfter);
            Assert.Equal(plan.IndexesOf(SplitName.Train).Count - train.Count, balanced.Report.Removed);
        }
    }

    [Fact]
    public void OversampleBringsEveryClassToTheLargestWithMarkedCopiesOfTrainItems()
    {
        var data = new Random(22);
        for (var run = 0; run < 50; run++)
        {
            var records = SyntheticRecords.SingleLabel(data, data.Next(50, 400), data.Next(2, 6));
            var plan = SplitEngine.Split(records, new SplitOptions { Seed = run });
            var trainIds = plan.IndexesOf(SplitName.Train).Select(i => records[i].Id).ToHashSet();

            var balanced = Balancer.Apply(plan, new BalanceOptions { Mode = BalanceMode.Oversample });

            var train = balanced.Splits[0].Items;
            var largest = balanced.Report.Before.Max(c => c.Value);
            Assert.All(train.GroupBy(i => i.Record.Labels[0]), g => Assert.Equal(largest, g.Count()));
            var copies = train.Where(i => i.DuplicateOf is not null).ToList();
            Assert.Equal(balanced.Report.Added, copies.Count);
            Assert.All(copies, c => Assert.Contains(c.DuplicateOf!, trainIds));
            Assert.Equal(train.Count, train.Select(i => i.Id).Distinct().Count());
            // Every original is kept, and within a class no item is copied twice before all are copied once.
            Assert.True(trainIds.SetEquals(train.Where(i => i.DuplicateOf is null).Select(i => i.Id)));
            foreach (var byClass in copies.GroupBy(c => c.Record.Labels[0]))
            {
                var perItem = byClass.GroupBy(c => c.DuplicateOf).Select(g => g.Count()).ToList();
                var classSize = balanced.Report.Before.Single(c => c.Key == byClass.Key).Value;
                Assert.True(perItem.Max() - (perItem.Count < classSize ? 0 : perItem.Min()) <= 1);
            }
        }
    }

    [Fact]
    public void CapKeepsAtMostTheCapPerClass()
    {
        var records = SyntheticRecords.SingleLabel(new Random(23), 500, 4);
        var plan = SplitEngine.Split(records, new SplitOptions());

        var balanced = Balancer.Apply(plan, new BalanceOptions { Mode = BalanceMode.Cap, CapPerClass = 40 });

        foreach (var (label, before) in balanced.Report.Before)
        {
            Assert.Equal(Math.Min(before, 40), balanced.Splits[0].Items.Count(i => i.Record.Labels[0] == label));
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameTrainSplit()
    {
        var records = SyntheticRecords.SingleLabel(new Random(24), 300, 3);
        var plan = SplitEngine.Split(records, new SplitOptions { Seed = 9 });

        var first = Balancer.Apply(plan, new BalanceOptions { Mode = BalanceMode.Undersample }).Splits[0].Items.Select(i => i.Id);
        var again = Balancer.Apply(plan, new BalanceOptions { Mode = BalanceMode.Undersample }).Splits[0].Items.Select(i => i.Id);

        Assert.Equal(first, again);
    }

    [Fact]
    public void MultiLabelDataCannotBeResampled()
    {
        var plan = SplitEngine.Split(SyntheticRecords.MultiLabel(new Random(25), 100, 5), new SplitOptions { Strategy = SplitStrategy.Iterative });

        var error = Assert.Throws<ArgumentException>(() => Balancer.Apply(plan, new BalanceOptions { Mode = BalanceMode.Oversample }));

        Assert.Contains("multi-label", error.Message);
        Assert.NotEmpty(Balancer.Apply(plan, new BalanceOptions()).Report.Weights);
    }

    [Fact]
    public void WithoutBalancingMultiLabelTrainIsWrittenAsPlannedOncePerItem()
    {
        var plan = SplitEngine.Split(SyntheticRecords.MultiLabel(new Random(27), 300, 6), new SplitOptions { Strategy = SplitStrategy.Iterative });

        var train = Balancer.Apply(plan, new BalanceOptions()).Splits[0].Items;

        Assert.Equal(plan.IndexesOf(SplitName.Train).Select(i => plan.Records[i].Id), train.Select(i => i.Id));
    }

    [Fact]
    public void ClassWeightsAreComputedOnTrainAsWritten()
    {
        var records = SyntheticRecords.SingleLabel(new Random(26), 400, 3);
        var plan = SplitEngine.Split(records, new SplitOptions());

        var none = Balancer.Apply(plan, new BalanceOptions()).Report;
        var over = Balancer.Apply(plan, new BalanceOptions { Mode = BalanceMode.Oversample }).Report;

        Assert.Equal(none.Before.Select(c => c.Value), none.Weights.Select(w => w.Count));
        Assert.True(none.Weights.Max(w => w.InverseFrequency) > 1.5);
        Assert.All(over.Weights, w => Assert.Equal(1.0, w.InverseFrequency));
    }
}
