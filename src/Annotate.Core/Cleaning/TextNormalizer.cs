using System.Globalization;
using System.Text;

namespace Annotate.Core.Cleaning;

/// <summary>Unicode and whitespace normalisation of one text; pure and deterministic.</summary>
public static class TextNormalizer
{
    /// <summary>
    /// Normalises <paramref name="text"/>: lone surrogates become U+FFFD, then NFKC, then zero-width characters,
    /// control characters and excess whitespace are removed, each as enabled in <paramref name="options"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="options"/> is null.</exception>
    public static string Normalize(string text, NormalizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);

        if (options.UnicodeNfkc)
        {
            // string.Normalize throws on ill-formed UTF-16, and user data does contain lone surrogates
            // (text cut in the middle of an emoji), so repair them first.
            text = ReplaceLoneSurrogates(text);
            if (!text.IsNormalized(NormalizationForm.FormKC))
            {
                text = text.Normalize(NormalizationForm.FormKC);
            }
        }

        if (!options.RemoveZeroWidth && !options.StripControlCharacters && !options.CollapseWhitespace)
        {
            return text;
        }
        return options.CollapseWhitespace ? Collapse(text, options) : Filter(text, options);
    }

    /// <summary>Characters that render as nothing. ZWJ and ZWNJ are included although they shape emoji sequences and
    /// some scripts: they break exact and near-duplicate matching far more often than they carry meaning.</summary>
    internal static bool IsZeroWidth(char c) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u180E' or '\u00AD';

    internal static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    private static string ReplaceLoneSurrogates(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                firstBad = i;
                break;
            }
        }
        if (firstBad < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Removes zero-width and control characters without touching whitespace layout (CR LF becomes LF).</summary>
    private static string Filter(string text, NormalizeOptions options)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (options.RemoveZeroWidth && IsZeroWidth(c))
            {
                continue;
            }
            if (options.StripControlCharacters)
            {
                if (c == '\r')
                {
                    builder.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                    continue;
                }
                if (c == '\u0085')
                {
                    builder.Append('\n');
                    continue;
                }
                if (c != '\n' && c != '\t' && char.GetUnicodeCategory(c) == UnicodeCategory.Control)
                {
                    continue;
                }
            }
            builder.Append(c);
        }
        return builder.Length == text.Length ? text : builder.ToString();
    }

    /// <summary>
    /// True when <see cref="Collapse"/> would return <paramref name="text"/> as it is, whatever the options: single
    /// spaces between characters that are neither whitespace, line breaks, control nor zero-width characters. Most
    /// imported texts are already like this, and building the same text again cost a copy (two allocations) per item.
    /// </summary>
    private static bool IsCollapsed(string text)
    {
        var afterSpace = true;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                if (afterSpace)
                {
                    return false;
                }
                afterSpace = true;
                continue;
            }
            afterSpace = false;
            if (c is > ' ' and < '\x7f')
            {
                continue;
            }
            if (c < '\xa0' || IsZeroWidth(c) || IsLineBreak(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        return !afterSpace || text.Length == 0;
    }

    /// <summary>One pass that drops what is disabled, folds horizontal whitespace into single spaces and keeps at most
    /// one blank line; spaces next to a line break and at either end disappear.</summary>
    private static string Collapse(string text, NormalizeOptions options)
    {
        if (IsCollapsed(text))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingNewlines = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (options.RemoveZeroWidth && IsZeroWidth(c))
            {
                continue;
            }
            if (IsLineBreak(c))
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                pendingNewlines++;
                pendingSpace = false;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = pendingNewlines == 0;
                continue;
            }
            if (options.StripControlCharacters && char.GetUnicodeCategory(c) == UnicodeCategory.Control)
            {
                continue;
            }
            if (builder.Length > 0)
            {
                if (pendingNewlines > 0)
                {
                    builder.Append('\n', Math.Min(pendingNewlines, 2));
                }
                else if (pendingSpace)
                {
                    builder.Append(' ');
                }
            }
            pendingNewlines = 0;
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }
}
