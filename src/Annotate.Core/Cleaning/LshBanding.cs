namespace Annotate.Core.Cleaning;

/// <summary>
/// How a MinHash signature is cut into <see cref="Bands"/> bands of <see cref="Rows"/> hashes for locality-sensitive
/// hashing. Two texts become candidates when all rows of at least one band agree, which for Jaccard similarity s
/// happens with probability 1 − (1 − s^r)^b: an S-curve that rises around (1/b)^(1/r).
/// </summary>
/// <remarks>
/// <see cref="Choose"/> takes the most rows (the steepest curve, so the fewest dissimilar candidates) that still
/// makes a pair exactly at the threshold a candidate with probability ≥ <see cref="TargetRecall"/>; candidates are then
/// verified, so extra candidates only cost time while missed ones cost recall. For the default threshold 0.8 and 128
/// hashes that is 21 bands × 6 rows (126 hashes; the last 2 still count when signatures are compared):
/// <code>
/// Jaccard      0.3    0.4    0.5    0.6    0.7    0.8     0.9
/// candidate    1.5%   8.3%   28.2%  63.3%  92.8%  99.83%  >99.99%
/// </code>
/// Threshold 0.9 gives 12 × 10, 0.7 gives 32 × 4, 0.5 gives 42 × 3.
/// </remarks>
public readonly record struct LshBanding(int Bands, int Rows)
{
    /// <summary>Smallest acceptable probability that a pair exactly at the threshold becomes a candidate.</summary>
    public const double TargetRecall = 0.99;

    /// <summary>Probability that two texts with Jaccard similarity <paramref name="jaccard"/> share a band.</summary>
    public double Probability(double jaccard) => 1 - Math.Pow(1 - Math.Pow(jaccard, Rows), Bands);

    /// <summary>The banding with the most rows per band whose candidate probability at <paramref name="threshold"/>
    /// reaches <see cref="TargetRecall"/>, using at most <paramref name="hashCount"/> hashes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not in (0, 1] or
    /// <paramref name="hashCount"/> is less than 1.</exception>
    public static LshBanding Choose(double threshold, int hashCount)
    {
        if (!(threshold > 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be in (0, 1].");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(hashCount, 1);

        for (var rows = hashCount; rows > 1; rows--)
        {
            var banding = new LshBanding(hashCount / rows, rows);
            if (banding.Probability(threshold) >= TargetRecall)
            {
                return banding;
            }
        }
        return new LshBanding(hashCount, 1);
    }
}
