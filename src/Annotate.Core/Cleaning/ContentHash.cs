using System.Security.Cryptography;
using System.Text;

namespace Annotate.Core.Cleaning;

/// <summary>The identity of a text for exact de-duplication.</summary>
public static class ContentHash
{
    /// <summary>Lower-case hexadecimal SHA-256 of the UTF-8 bytes of <paramref name="normalizedText"/> (64 characters).
    /// Hash the text after <see cref="TextNormalizer"/>, so that texts differing only in invisible ways collide.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="normalizedText"/> is null.</exception>
    public static string Of(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var byteCount = Encoding.UTF8.GetByteCount(normalizedText);
        if (byteCount <= 1024)
        {
            Span<byte> bytes = stackalloc byte[byteCount];
            Encoding.UTF8.GetBytes(normalizedText, bytes);
            SHA256.HashData(bytes, hash);
        }
        else
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(normalizedText), hash);
        }
        return Convert.ToHexStringLower(hash);
    }
}
