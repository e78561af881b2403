using System.Globalization;

namespace Annotate.Core.Ingest;

/// <summary>
/// Bytes that were not valid in the file's encoding. The decoder put one U+FFFD at <paramref name="CharOffset"/> in
/// their place, so the reader that sees that character can name the row.
/// </summary>
/// <param name="CharOffset">Position of the U+FFFD in the decoded text, counting from 0.</param>
/// <param name="ByteOffset">Position of the first bad byte in the file.</param>
/// <param name="Bytes">The bad bytes, as hex ("0xE9").</param>
/// <param name="Encoding">The encoding the bytes were read in.</param>
internal sealed record InvalidText(long CharOffset, long ByteOffset, string Bytes, TextEncoding Encoding)
{
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"is not valid {TextEncodings.NameOf(Encoding).ToUpperInvariant()}: {Bytes} at byte offset {ByteOffset:N0} (the file may be in another encoding, such as latin-1)");
}
