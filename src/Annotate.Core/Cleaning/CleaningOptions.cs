namespace Annotate.Core.Cleaning;

/// <summary>A project's cleaning settings. Lengths are inclusive; null means no limit.</summary>
/// <param name="Normalize">Apply <see cref="TextNormalizer"/> with every step on.</param>
/// <param name="HtmlToText">Reduce items marked as HTML to title and main text with <see cref="HtmlText"/>.</param>
/// <param name="Pii">What to do with personal data.</param>
/// <param name="KeepOriginal">Return the input text in <see cref="CleanedText.Original"/> when cleaning changed it
/// (shown to Managers only). Off by default: a masked item should not carry its unmasked text unless asked.</param>
/// <param name="MinChars">Shortest cleaned text kept, in UTF-16 code units; 1 drops empty items.</param>
/// <param name="MaxChars">Longest cleaned text kept, in UTF-16 code units.</param>
/// <param name="MinTokens">Fewest o200k_base tokens kept.</param>
/// <param name="MaxTokens">Most o200k_base tokens kept.</param>
/// <param name="Dedupe">Which duplicates the caller marks across items.</param>
/// <param name="NearThreshold">Jaccard threshold for <see cref="DedupeMode.Near"/>, in (0, 1].</param>
public sealed record CleaningOptions(
    bool Normalize = true,
    bool HtmlToText = true,
    PiiHandling Pii = PiiHandling.Mask,
    bool KeepOriginal = false,
    int? MinChars = 1,
    int? MaxChars = null,
    int? MinTokens = null,
    int? MaxTokens = null,
    DedupeMode Dedupe = DedupeMode.Exact,
    double NearThreshold = 0.8)
{
    /// <summary>Normalise, HTML to text, mask personal data, drop empty items, exact de-duplication.</summary>
    public static CleaningOptions Default { get; } = new();

    /// <summary>Options for a <see cref="NearDuplicateIndex"/> that match these settings.</summary>
    public NearDuplicateOptions NearDuplicates => new(NearThreshold);

    /// <exception cref="ArgumentOutOfRangeException">A limit is negative, a minimum exceeds its maximum, an enum value
    /// is undefined, or <see cref="NearThreshold"/> is not in (0, 1].</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Pii))
        {
            throw new ArgumentOutOfRangeException(nameof(Pii), Pii, "Unknown PII handling.");
        }
        if (!Enum.IsDefined(Dedupe))
        {
            throw new ArgumentOutOfRangeException(nameof(Dedupe), Dedupe, "Unknown de-duplication mode.");
        }
        CheckRange(MinChars, MaxChars, nameof(MinChars), nameof(MaxChars));
        CheckRange(MinTokens, MaxTokens, nameof(MinTokens), nameof(MaxTokens));
        if (!(NearThreshold > 0 && NearThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(NearThreshold), NearThreshold, "The Jaccard threshold must be in (0, 1].");
        }
    }

    private static void CheckRange(int? min, int? max, string minName, string maxName)
    {
        if (min < 0)
        {
            throw new ArgumentOutOfRangeException(minName, min, "Must not be negative.");
        }
        if (max < 0)
        {
            throw new ArgumentOutOfRangeException(maxName, max, "Must not be negative.");
        }
        if (min > max)
        {
            throw new ArgumentOutOfRangeException(minName, min, $"Must not exceed {maxName} ({max}).");
        }
    }
}
