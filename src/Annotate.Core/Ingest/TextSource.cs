using System.Globalization;
using System.Text.Unicode;

namespace Annotate.Core.Ingest;

/// <summary>Opens a byte stream as text: picks the encoding and refuses empty and binary files.</summary>
internal static class TextSource
{
    private const int HeadSize = 64 * 1024;

    /// <summary>How many bytes at the start are checked for NUL, as git does to call a file binary.</summary>
    private const int BinaryProbeLength = 8000;

    /// <summary>
    /// Reads the first bytes and returns a decoder positioned after any byte-order mark. The encoding is the explicit
    /// one if given (a UTF-16 byte-order mark still picks the byte order for "utf-16"); otherwise the byte-order mark's;
    /// otherwise UTF-8 when a seekable stream is valid UTF-8 throughout, else Latin-1; a stream that cannot seek is
    /// read as UTF-8 and its invalid bytes are reported by the readers.
    /// </summary>
    /// <exception cref="IngestException">The stream is empty, or its first bytes hold a NUL byte (a binary file).</exception>
    public static async ValueTask<DecodingTextReader> OpenAsync(
        Stream stream, string? encodingName, bool leaveOpen, string formatName, CancellationToken cancellationToken)
    {
        var start = stream.CanSeek ? stream.Position : 0;
        var head = new byte[HeadSize];
        var length = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (length == 0)
        {
            throw new IngestException($"The file is empty (0 bytes): a {formatName} file needs at least one line.");
        }

        var bom = DetectBom(head.AsSpan(0, length), out var bomLength);
        TextEncoding encoding;
        if (encodingName is not null)
        {
            TextEncodings.TryParse(encodingName, out encoding, out var endianFromBom);
            if (endianFromBom && bom is TextEncoding.Utf16BigEndian or TextEncoding.Utf16LittleEndian)
            {
                encoding = bom.Value;
            }
        }
        else if (bom is not null)
        {
            encoding = bom.Value;
        }
        else if (stream.CanSeek)
        {
            encoding = await IsValidUtf8Async(stream, head.AsMemory(0, length), cancellationToken).ConfigureAwait(false)
                ? TextEncoding.Utf8
                : TextEncoding.Latin1;
            stream.Position = start + length;
        }
        else
        {
            encoding = TextEncoding.Utf8;
        }

        var textStart = bom == encoding ? bomLength : 0;
        if (encoding is TextEncoding.Utf8 or TextEncoding.Latin1)
        {
            var probe = head.AsSpan(textStart, Math.Min(length - textStart, BinaryProbeLength));
            var nul = probe.IndexOf((byte)0);
            if (nul >= 0)
            {
                throw new IngestException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The file looks binary, not like {formatName} text: it has a NUL byte at byte offset {textStart + nul:N0}. If it is a spreadsheet or an archive, export it as CSV first; if it is UTF-16 text without a byte-order mark, choose the encoding \"utf-16\"."));
            }
        }
        return new DecodingTextReader(stream, leaveOpen, encoding, head, textStart, length);
    }

    private static TextEncoding? DetectBom(ReadOnlySpan<byte> head, out int length)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            length = 3;
            return TextEncoding.Utf8;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            length = 2;
            return TextEncoding.Utf16LittleEndian;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            length = 2;
            return TextEncoding.Utf16BigEndian;
        }
        length = 0;
        return null;
    }

    /// <summary>
    /// Checks the head and then the rest of the stream chunk by chunk. A multi-byte sequence cut by a chunk border
    /// is carried over to the next chunk, so only truly invalid bytes fail the check.
    /// </summary>
    internal static async ValueTask<bool> IsValidUtf8Async(Stream stream, ReadOnlyMemory<byte> head, CancellationToken cancellationToken)
    {
        var buffer = new byte[HeadSize + 4];
        var carry = 0;
        var pendingHead = head;
        while (true)
        {
            int read;
            if (!pendingHead.IsEmpty)
            {
                read = Math.Min(pendingHead.Length, buffer.Length - carry);
                pendingHead[..read].CopyTo(buffer.AsMemory(carry));
                pendingHead = pendingHead[read..];
            }
            else
            {
                read = await stream.ReadAsync(buffer.AsMemory(carry), cancellationToken).ConfigureAwait(false);
            }
            var total = carry + read;
            if (read == 0)
            {
                return Utf8.IsValid(buffer.AsSpan(0, total));
            }
            var cut = CompleteLength(buffer.AsSpan(0, total));
            if (!Utf8.IsValid(buffer.AsSpan(0, cut)))
            {
                return false;
            }
            carry = total - cut;
            buffer.AsSpan(cut, carry).CopyTo(buffer);
        }
    }

    /// <summary>The length of <paramref name="data"/> without a multi-byte sequence that its end cuts short.</summary>
    internal static int CompleteLength(ReadOnlySpan<byte> data)
    {
        for (var i = data.Length - 1; i >= Math.Max(0, data.Length - 4); i--)
        {
            var b = data[i];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }
            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return data.Length - i < needed ? i : data.Length;
        }
        return data.Length;
    }
}
