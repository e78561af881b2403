using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

public class ReliabilityDataBuilderTests
{
    [Fact]
    public void KeepsItemsAnnotatorsAndValuesInTheOrderFirstAdded()
    {
        var data = new ReliabilityDataBuilder<string>()
            .Add("u2", "zoe", "spam").Add("u1", "adam", "ham").Add("u2", "adam", "spam").AddMissing("u3", "zoe")
            .Build();

        Assert.Equal(["u2", "u1", "u3"], data.Items);
        Assert.Equal(["zoe", "adam"], data.Annotators);
        Assert.Equal(["spam", "ham"], data.Values);
        Assert.Equal(3, data.RatingCount);
        Assert.Equal(1, data.PairableItemCount);
    }

    [Fact]
    public void ItemRatingsAreInAnnotatorOrderAndMissingValuesAreAbsent()
    {
        var data = new ReliabilityDataBuilder<string>()
            .AddMissing("u0", "a").AddMissing("u0", "b").AddMissing("u0", "c")
            .Add("u1", "c", "x").Add("u1", "a", "y").AddMissing("u1", "b")
            .Build();

        // Added c then a; stored a (0) then c (2), each with its own value.
        Assert.Equal([0, 2], data.AnnotatorsOf(1).ToArray());
        Assert.Equal(["y", "x"], data.ValueCodesOf(1).ToArray().Select(c => data.Values[c]));
        Assert.Equal(-1, data.ValueCodeOf(1, 1));
        Assert.Equal(0, data.ValueCodeOf(1, 2));
        Assert.Equal(0, data.AnnotatorsOf(0).Length);
        Assert.Equal(1, data.PairableItemCount);
    }

    [Fact]
    public void RefusesASecondEntryForTheSameItemAndAnnotator()
    {
        var builder = new ReliabilityDataBuilder<string>().AddMissing("u1", "ann");

        var error = Assert.Throws<ArgumentException>(() => builder.Add("u1", "ann", "x"));

        Assert.Contains("'ann'", error.Message);
        Assert.Contains("'u1'", error.Message);
    }

    [Fact]
    public void RefusesEmptyIds() =>
        Assert.Throws<ArgumentException>(() => new ReliabilityDataBuilder<string>().Add("", "a", "x"));

    [Fact]
    public void UsesTheComparerGiven()
    {
        var data = new ReliabilityDataBuilder<string>(StringComparer.OrdinalIgnoreCase).Add("u1", "a", "Spam").Add("u1", "b", "spam").Build();

        Assert.Single(data.Values);
        Assert.Equal(1.0, PercentAgreement.Compute(data).Value);
    }
}
