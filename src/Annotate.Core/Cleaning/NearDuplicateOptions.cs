namespace Annotate.Core.Cleaning;

/// <summary>Settings of a <see cref="NearDuplicateIndex"/>.</summary>
/// <param name="Threshold">Two texts are near duplicates when the Jaccard similarity of their word-shingle sets is at
/// least this, in (0, 1].</param>
/// <param name="ShingleSize">Words per shingle, 1 to 16. Texts with fewer words use one shingle of all their words.</param>
/// <param name="HashCount">MinHash functions per signature, 16 to 1024. Also the largest shingle set kept exactly:
/// see <see cref="NearDuplicateIndex"/>.</param>
/// <param name="Seed">Seeds the hash functions: the same seed, options and texts always give the same groups.</param>
public sealed record NearDuplicateOptions(
    double Threshold = 0.8,
    int ShingleSize = 3,
    int HashCount = 128,
    ulong Seed = 0x5EED)
{
    /// <summary>The defaults: threshold 0.8, 3-word shingles, 128 hashes.</summary>
    public static NearDuplicateOptions Default { get; } = new();

    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    internal void Validate()
    {
        if (!(Threshold > 0 && Threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The Jaccard threshold must be in (0, 1].");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(ShingleSize, 1, nameof(ShingleSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ShingleSize, 16, nameof(ShingleSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(HashCount, 16, nameof(HashCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HashCount, 1024, nameof(HashCount));
    }
}
