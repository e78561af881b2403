using Annotate.Core.Export.Splits;

namespace Annotate.Core.Tests.Export;

public class SeededRandomTests
{
    [Theory]
    // Reference outputs of xoshiro256** seeded with SplitMix64 (Vigna's C code; also computed independently in
    // Python while writing this test). A change here changes every export's bytes.
    [InlineData(0UL, 0x99ec5f36cb75f2b4UL, 0xbf6e1f784956452aUL, 0x1a5f849d4933e6e0UL, 0x6aa594f1262d2d2cUL)]
    [InlineData(42UL, 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL, 0xecb8ad4703b360a1UL)]
    public void ProducesTheReferenceSequence(ulong seed, ulong first, ulong second, ulong third, ulong fourth)
    {
        var random = new SeededRandom(seed);

        Assert.Equal([first, second, third, fourth], new[] { random.NextUInt64(), random.NextUInt64(), random.NextUInt64(), random.NextUInt64() });
    }

    [Fact]
    public void NextIntIsUniformAndInRange()
    {
        var random = new SeededRandom(7);
        var counts = new int[6];
        const int draws = 60_000;
        for (var i = 0; i < draws; i++)
        {
            counts[random.NextInt(6)]++;
        }
        // χ² with 5 degrees of freedom: 20.5 is the 0.999 quantile.
        var expected = draws / 6.0;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 20.5, $"χ² = {chiSquare}");
    }

    [Fact]
    public void ShuffleIsAPermutationAndDependsOnTheSeed()
    {
        int[] a = [.. Enumerable.Range(0, 100)];
        int[] b = [.. Enumerable.Range(0, 100)];
        new SeededRandom(1).Shuffle(a.AsSpan());
        new SeededRandom(2).Shuffle(b.AsSpan());

        Assert.Equal(Enumerable.Range(0, 100), a.Order());
        Assert.NotEqual(a, b);
    }
}
