namespace Annotate.Core.Cleaning;

/// <summary>What <see cref="TextNormalizer.Normalize"/> does; every step is on by default.</summary>
/// <param name="UnicodeNfkc">Apply Unicode normalisation form KC (compatibility composition: full-width letters,
/// ligatures and non-breaking spaces become their plain forms).</param>
/// <param name="StripControlCharacters">Remove control characters (Unicode category Cc). Line breaks become <c>\n</c>;
/// <c>\n</c> and <c>\t</c> are kept.</param>
/// <param name="CollapseWhitespace">Runs of spaces and tabs become one space, spaces at the ends of lines go, runs of
/// three or more line breaks become two (one blank line), and the text is trimmed.</param>
/// <param name="RemoveZeroWidth">Remove zero-width and invisible formatting characters (U+200B–U+200D, U+2060,
/// U+180E, U+00AD soft hyphen) and U+FEFF (byte-order mark).</param>
public sealed record NormalizeOptions(
    bool UnicodeNfkc = true,
    bool StripControlCharacters = true,
    bool CollapseWhitespace = true,
    bool RemoveZeroWidth = true)
{
    /// <summary>All steps on.</summary>
    public static NormalizeOptions Default { get; } = new();
}
