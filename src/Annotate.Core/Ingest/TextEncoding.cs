namespace Annotate.Core.Ingest;

/// <summary>The text encodings an import understands, and their names in <see cref="ReadOptions.Encoding"/>.</summary>
internal enum TextEncoding
{
    Utf8,
    Utf16LittleEndian,
    Utf16BigEndian,
    Latin1,
}

internal static class TextEncodings
{
    public const string AcceptedNames = "\"utf-8\", \"utf-16\", \"utf-16le\", \"utf-16be\" or \"latin-1\"";

    /// <summary>The name reported in <see cref="IRecordReader.DetectedEncoding"/>.</summary>
    public static string NameOf(TextEncoding encoding) => encoding switch
    {
        TextEncoding.Utf8 => "utf-8",
        TextEncoding.Utf16LittleEndian => "utf-16le",
        TextEncoding.Utf16BigEndian => "utf-16be",
        _ => "latin-1",
    };

    /// <summary>
    /// Parses an encoding name; "utf-16" gives <see cref="TextEncoding.Utf16LittleEndian"/> with
    /// <paramref name="endianFromBom"/> set, because a byte-order mark may still say big-endian.
    /// </summary>
    public static bool TryParse(string name, out TextEncoding encoding, out bool endianFromBom)
    {
        endianFromBom = false;
        switch (name.Trim().ToLowerInvariant())
        {
            case "utf-8" or "utf8":
                encoding = TextEncoding.Utf8;
                return true;
            case "utf-16" or "utf16" or "unicode":
                encoding = TextEncoding.Utf16LittleEndian;
                endianFromBom = true;
                return true;
            case "utf-16le" or "utf16le":
                encoding = TextEncoding.Utf16LittleEndian;
                return true;
            case "utf-16be" or "utf16be":
                encoding = TextEncoding.Utf16BigEndian;
                return true;
            case "latin-1" or "latin1" or "iso-8859-1":
                encoding = TextEncoding.Latin1;
                return true;
            default:
                encoding = default;
                return false;
        }
    }
}
