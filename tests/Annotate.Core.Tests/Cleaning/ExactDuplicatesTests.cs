using Annotate.Core.Cleaning;

namespace Annotate.Core.Tests.Cleaning;

public class ExactDuplicatesTests
{
    [Fact]
    public void PointsEachRepeatAtTheFirstItemWithItsHash()
    {
        var texts = new[] { "a", "b", "a", "c", "b", "a" };
        var result = ExactDuplicates.Find(texts.Select((t, i) => (i * 10, ContentHash.Of(t)))).ToList();
        Assert.Equal([(0, null), (10, null), (20, 0), (30, null), (40, 10), (50, 0)], result);
    }

    [Fact]
    public void AddReportsTheFirstIndexAndCountsDistinctHashes()
    {
        var duplicates = new ExactDuplicates();
        Assert.Null(duplicates.Add(7, ContentHash.Of("x")));
        Assert.Equal(7, duplicates.Add(8, ContentHash.Of("x").ToUpperInvariant()));
        Assert.Null(duplicates.Add(9, ContentHash.Of("y")));
        Assert.Equal(2, duplicates.DistinctCount);
    }

    [Fact]
    public void FindIsLazyAndValidatesUpFront()
    {
        Assert.Throws<ArgumentNullException>(() => ExactDuplicates.Find(null!));
        static IEnumerable<(int, string)> Breaking()
        {
            throw new InvalidOperationException("enumerated");
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
        _ = ExactDuplicates.Find(Breaking());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void ThrowsWhenTheHashIsNotSha256Hex(string hash) =>
        Assert.Throws<ArgumentException>(() => new ExactDuplicates().Add(0, hash));
}
