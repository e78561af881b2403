using Annotate.Core.Export.Balancing;

namespace Annotate.Core.Tests.Export;

public class ClassWeightsTests
{
    [Fact]
    public void InverseFrequencyAndEffectiveNumberMatchHandWorkedValues()
    {
        // 90 a, 10 b. Inverse frequency n/(K·n_c): 100/180 and 100/20. Effective number with β = 0.99:
        // E_a = (1 − 0.99^90)/0.01 = 59.53, E_b = (1 − 0.99^10)/0.01 = 9.562; weights 1/E scaled to sum to K = 2.
        var weights = ClassWeights.Compute([KeyValuePair.Create("a", 90), KeyValuePair.Create("b", 10)], beta: 0.99);

        Assert.Equal(0.555556, weights[0].InverseFrequency);
        Assert.Equal(5.0, weights[1].InverseFrequency);
        Assert.Equal(0.276798, weights[0].EffectiveNumber);
        Assert.Equal(1.723202, weights[1].EffectiveNumber);
    }

    [Fact]
    public void BetaZeroWeighsEveryClassTheSame()
    {
        // β = 0: every class's effective number is 1 (Cui et al.: no re-weighting).
        var weights = ClassWeights.Compute([KeyValuePair.Create("a", 500), KeyValuePair.Create("b", 3), KeyValuePair.Create("c", 40)], beta: 0);

        Assert.All(weights, w => Assert.Equal(1.0, w.EffectiveNumber));
    }

    [Fact]
    public void AnAbsentClassGetsZeroAndDoesNotCountAsAClass()
    {
        var weights = ClassWeights.Compute([KeyValuePair.Create("a", 30), KeyValuePair.Create("b", 0), KeyValuePair.Create("c", 10)], beta: 0.999);

        Assert.Equal((0.0, 0.0), (weights[1].InverseFrequency, weights[1].EffectiveNumber));
        Assert.Equal(40.0 / (2 * 30), weights[0].InverseFrequency, 6);
        Assert.Equal(2.0, weights[0].EffectiveNumber + weights[2].EffectiveNumber, 5);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void BetaOutsideZeroToOneIsRejected(double beta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassWeights.Compute([KeyValuePair.Create("a", 1)], beta));

    [Fact]
    public void ImbalanceRatioIsLargestOverSmallestPresentClass()
    {
        Assert.Equal(14.5, ClassWeights.ImbalanceRatio([29, 0, 2, 10]));
        Assert.Null(ClassWeights.ImbalanceRatio([0, 0]));
    }
}
