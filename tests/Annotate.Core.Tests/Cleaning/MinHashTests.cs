using Annotate.Core.Cleaning;

namespace Annotate.Core.Tests.Cleaning;

public class MinHashTests
{
    [Theory]
    [InlineData(128)]
    [InlineData(100)]
    [InlineData(16)]
    public void VectorizedSignaturesEqualScalarOnes(int hashCount)
    {
        var minHash = new MinHash(hashCount, seed: 3);
        var random = new Random(5);
        var shingles = Enumerable.Range(0, 40).Select(_ => (uint)random.NextInt64(uint.MaxValue + 1L)).ToArray();
        var fast = new uint[hashCount];
        var plain = new uint[hashCount];

        minHash.Sign(shingles, fast);
        minHash.SignScalar(shingles, plain);

        Assert.Equal(plain, fast);
    }

    [Fact]
    public void AgreeingPositionsEstimateJaccard()
    {
        // Sets of 200 with 150 in common: Jaccard 150 / 250 = 0.6; 1024 hashes give a standard error of 0.015.
        var minHash = new MinHash(1024, seed: 11);
        var common = Enumerable.Range(0, 150).Select(i => (uint)i * 2654435761u);
        var a = common.Concat(Enumerable.Range(1000, 50).Select(i => (uint)i * 2654435761u)).Order().ToArray();
        var b = common.Concat(Enumerable.Range(2000, 50).Select(i => (uint)i * 2654435761u)).Order().ToArray();
        var signatureA = new uint[1024];
        var signatureB = new uint[1024];
        minHash.Sign(a, signatureA);
        minHash.Sign(b, signatureB);

        var estimate = signatureA.Zip(signatureB).Count(p => p.First == p.Second) / 1024.0;
        Assert.InRange(estimate, 0.6 - 0.05, 0.6 + 0.05);
    }
}
