using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

public class PercentAgreementTests
{
    [Fact]
    public void TwoAnnotatorsIsTheShareOfItemsTheyAgreeOn() =>
        // Krippendorff (2004, p. 224): 6 of 10 units agree.
        Assert.Equal(0.600, PercentAgreement.Compute(PublishedExamples.Krippendorff2011Binary()).Value!.Value, 3);

    [Fact]
    public void EqualRatersPerItemIsFleissObservedAgreement() =>
        Assert.Equal(0.556, PercentAgreement.Compute(PublishedExamples.Fleiss1971()).Value!.Value, 3);

    [Fact]
    public void EachPairableItemCountsOnceWhateverItsNumberOfAnnotators()
    {
        // Hand-worked on the missing-data example: per-item shares 1, ½, 1, 1, 1, 0, 1, ½, 1, 1, 1 over 11 pairable
        // units (unit 12 has one value) = 9/11. Weighing by values instead would give 0.800.
        var result = PercentAgreement.Compute(PublishedExamples.Krippendorff2011MissingData());

        Assert.Equal(9.0 / 11, result.Value!.Value, 12);
        Assert.Equal(11, result.PairableItems);
    }

    [Fact]
    public void NoPairableItemIsUndefined()
    {
        var result = PercentAgreement.Compute(Reliability.ByCoder(Reliability.Row("a ."), Reliability.Row(". b")));

        Assert.Null(result.Value);
        Assert.NotNull(result.UndefinedReason);
    }
}
