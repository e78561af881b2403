using System.Text;
using System.Text.RegularExpressions;

namespace Annotate.Core.Ingest.WebPages;

/// <summary>
/// Decodes a fetched page's bytes the way a browser picks the encoding: a byte-order mark, else the charset of the
/// Content-Type header, else (for HTML) a <c>&lt;meta charset&gt;</c> in the first 1024 bytes, else UTF-8.
/// </summary>
public static partial class PageEncoding
{
    private const int PrescanBytes = 1024;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Utf16LeBom => [0xFF, 0xFE];

    private static ReadOnlySpan<byte> Utf16BeBom => [0xFE, 0xFF];

    static PageEncoding()
    {
        // windows-1252, Shift_JIS, GBK and the other legacy encodings pages still declare.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The text of <paramref name="body"/>; bytes invalid in the chosen encoding become U+FFFD.</summary>
    /// <param name="declaredCharset">The charset parameter of the Content-Type header, if any.</param>
    /// <param name="isHtml">Whether to look for a meta charset when the header names none.</param>
    public static string Decode(ReadOnlySpan<byte> body, string? declaredCharset, bool isHtml)
    {
        if (body.StartsWith(Utf8Bom))
        {
            return Encoding.UTF8.GetString(body[3..]);
        }
        if (body.StartsWith(Utf16LeBom))
        {
            return Encoding.Unicode.GetString(body[2..]);
        }
        if (body.StartsWith(Utf16BeBom))
        {
            return Encoding.BigEndianUnicode.GetString(body[2..]);
        }
        var encoding = Resolve(declaredCharset);
        if (encoding is null && isHtml)
        {
            var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, PrescanBytes)]);
            var meta = MetaCharset().Match(head);
            encoding = meta.Success ? Resolve(meta.Groups[1].Value) : null;
            // A page cannot declare itself UTF-16 in a meta tag it could be read from as ASCII (HTML spec).
            if (encoding is UnicodeEncoding)
            {
                encoding = Encoding.UTF8;
            }
        }
        return (encoding ?? Encoding.UTF8).GetString(body);
    }

    /// <summary>The encoding a charset label names, or <see langword="null"/> for an unknown one.</summary>
    public static Encoding? Resolve(string? label)
    {
        var name = label?.Trim().Trim('"', '\'').ToLowerInvariant();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        // Browsers read these labels as windows-1252 (WHATWG Encoding), and so do the pages that use them.
        if (name is "iso-8859-1" or "latin1" or "latin-1" or "us-ascii" or "ascii" or "l1" or "iso8859-1")
        {
            name = "windows-1252";
        }
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
