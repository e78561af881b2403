namespace Annotate.Core.Statistics;

/// <summary>
/// Counts text lengths into fixed, roughly logarithmic buckets, so that a chart of a corpus of tweets and a corpus of
/// articles both stay readable. Buckets are [0,16), [16,32), [32,64), … and the last one is open-ended.
/// </summary>
public sealed class LengthHistogram
{
    /// <summary>Lower bounds of the buckets, in characters.</summary>
    public static IReadOnlyList<int> LowerBounds { get; } = [0, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];

    private readonly long[] counts = new long[LowerBounds.Count];

    public LengthHistogram()
    {
    }

    private LengthHistogram(long[] counts) => this.counts = counts;

    public IReadOnlyList<long> Counts => counts;

    public long Total => counts.Sum();

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public void Add(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        counts[BucketOf(length)]++;
    }

    /// <summary>Index of the bucket that holds <paramref name="length"/>.</summary>
    public static int BucketOf(int length)
    {
        var bounds = LowerBounds;
        for (var i = bounds.Count - 1; i > 0; i--)
        {
            if (length >= bounds[i])
            {
                return i;
            }
        }
        return 0;
    }

    /// <summary>A label for bucket <paramref name="index"/> such as "64–127" or "8192+".</summary>
    public static string Label(int index) => index == LowerBounds.Count - 1
        ? $"{LowerBounds[index]}+"
        : $"{LowerBounds[index]}–{LowerBounds[index + 1] - 1}";

    /// <exception cref="ArgumentException"><paramref name="counts"/> does not have one entry per bucket.</exception>
    public static LengthHistogram FromCounts(IReadOnlyList<long> counts)
    {
        if (counts.Count != LowerBounds.Count)
        {
            throw new ArgumentException($"Expected {LowerBounds.Count} bucket counts, got {counts.Count}.", nameof(counts));
        }
        return new LengthHistogram([.. counts]);
    }
}
