using System.Collections.ObjectModel;

namespace Annotate.Core.Cleaning;

/// <summary>Cleans one item: HTML to text, normalisation, personal data, token count and length filters.
/// De-duplication works across items and is the caller's: <see cref="ContentHash"/> and
/// <see cref="ExactDuplicates"/>, <see cref="NearDuplicateIndex"/>.</summary>
public static class TextCleaner
{
    /// <summary>
    /// Cleans <paramref name="text"/>. Steps, in order: HTML to text (when <paramref name="isHtml"/> and
    /// <see cref="CleaningOptions.HtmlToText"/>; the title becomes the first paragraph unless the text already starts
    /// with it), normalisation, personal data (<see cref="CleaningOptions.Pii"/>), token count, then the filters: "pii"
    /// first, then characters, then tokens. HTML comes before normalisation because decoding entities can produce
    /// what normalisation removes (&amp;nbsp;, &amp;#8203;).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> is inconsistent (see
    /// <see cref="CleaningOptions.Validate"/>).</exception>
    public static CleanedText Clean(string text, bool isHtml, CleaningOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var cleaned = text;
        if (isHtml && options.HtmlToText)
        {
            var (title, body) = HtmlText.Extract(cleaned);
            cleaned = title.Length == 0 || body.StartsWith(title, StringComparison.Ordinal) ? body
                : body.Length == 0 ? title
                : title + "\n\n" + body;
        }
        if (options.Normalize)
        {
            cleaned = TextNormalizer.Normalize(cleaned, NormalizeOptions.Default);
        }

        var kinds = PiiKind.None;
        IReadOnlyDictionary<PiiKind, int> counts = ReadOnlyDictionary<PiiKind, int>.Empty;
        if (options.Pii != PiiHandling.Keep)
        {
            var matches = PiiDetector.Find(cleaned);
            if (matches.Count > 0)
            {
                var byKind = new Dictionary<PiiKind, int>();
                foreach (var match in matches)
                {
                    kinds |= match.Kind;
                    byKind[match.Kind] = byKind.GetValueOrDefault(match.Kind) + 1;
                }
                counts = byKind.AsReadOnly();
                if (options.Pii is PiiHandling.Mask or PiiHandling.Drop)
                {
                    cleaned = PiiDetector.Mask(cleaned, matches);
                }
            }
        }

        var tokens = TokenCounter.O200kBase.Count(cleaned);
        var reason =
            options.Pii == PiiHandling.Drop && kinds != PiiKind.None ? FilterReasons.Pii
            : cleaned.Length < options.MinChars ? FilterReasons.TooShort
            : cleaned.Length > options.MaxChars ? FilterReasons.TooLong
            : tokens < options.MinTokens ? FilterReasons.TooFewTokens
            : tokens > options.MaxTokens ? FilterReasons.TooManyTokens
            : null;
        var original = options.KeepOriginal && !string.Equals(cleaned, text, StringComparison.Ordinal) ? text : null;
        return new CleanedText(cleaned, original, kinds, counts, tokens, reason);
    }
}
