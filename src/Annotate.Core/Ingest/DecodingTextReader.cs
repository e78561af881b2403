using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Annotate.Core.Ingest;

/// <summary>
/// Decodes a byte stream into text, chunk by chunk. Invalid bytes become one U+FFFD each and are queued as
/// <see cref="InvalidText"/> with their position, because the readers above must name the row they fell in rather
/// than pass a replacement character on silently (a <see cref="StreamReader"/> gives no such positions).
/// </summary>
internal sealed class DecodingTextReader : TextReader
{
    private const int CharBufferSize = 32 * 1024;

    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly byte[] bytes;
    private readonly char[] chars = new char[CharBufferSize];
    private readonly Queue<InvalidText> invalid = new();
    private int bytePos;
    private int byteLen;
    private long byteBase;
    private bool streamEnded;
    private int charPos;
    private int charLen;
    private long charBase;
    private bool disposed;

    /// <param name="stream">The stream, positioned just after the bytes already in <paramref name="head"/>.</param>
    /// <param name="leaveOpen">Whether disposing leaves <paramref name="stream"/> open.</param>
    /// <param name="encoding">How to decode.</param>
    /// <param name="head">The buffer to use, holding the first bytes already read from the stream.</param>
    /// <param name="start">Where the text starts in <paramref name="head"/> (after a byte-order mark).</param>
    /// <param name="length">How many bytes of <paramref name="head"/> are filled.</param>
    public DecodingTextReader(Stream stream, bool leaveOpen, TextEncoding encoding, byte[] head, int start, int length)
    {
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        Encoding = encoding;
        bytes = head;
        bytePos = start;
        byteLen = length;
    }

    public TextEncoding Encoding { get; }

    /// <summary>The decoded text not yet consumed; <see cref="FillAsync"/> adds to it.</summary>
    public ReadOnlySpan<char> Available => chars.AsSpan(charPos, charLen - charPos);

    /// <summary>Offset, in the decoded text, of the first character of <see cref="Available"/>.</summary>
    public long Position => charBase + charPos;

    /// <summary>True once every byte is decoded, so <see cref="Available"/> holds all the text that is left.</summary>
    public bool EndOfStream => streamEnded && bytePos == byteLen;

    /// <summary>Marks <paramref name="count"/> characters of <see cref="Available"/> as consumed.</summary>
    public void Consume(int count) => charPos += count;

    /// <summary>
    /// Removes and returns the first queued invalid sequence that lies before <paramref name="charLimit"/>; entries
    /// before <paramref name="charStart"/> are dropped, as their text was already dealt with.
    /// </summary>
    public InvalidText? TakeInvalid(long charStart, long charLimit)
    {
        while (invalid.TryPeek(out var next) && next.CharOffset < charLimit)
        {
            invalid.Dequeue();
            if (next.CharOffset >= charStart)
            {
                return next;
            }
        }
        return null;
    }

    /// <summary>Decodes more text into <see cref="Available"/>.</summary>
    /// <returns>False when the end of the stream was reached and nothing was added.</returns>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        CompactChars();
        while (true)
        {
            if (NeedsNoRead(out var filled))
            {
                return filled;
            }
            var read = await stream.ReadAsync(bytes.AsMemory(byteLen), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                streamEnded = true;
            }
            byteLen += read;
        }
    }

    private bool Fill()
    {
        CompactChars();
        while (true)
        {
            if (NeedsNoRead(out var filled))
            {
                return filled;
            }
            var read = stream.Read(bytes.AsSpan(byteLen));
            if (read == 0)
            {
                streamEnded = true;
            }
            byteLen += read;
        }
    }

    /// <summary>
    /// Decodes what is buffered; says whether that settles the fill (and with what result) or bytes must be read.
    /// </summary>
    private bool NeedsNoRead(out bool filled)
    {
        filled = true;
        if (Decode())
        {
            return true;
        }
        if (chars.Length - charLen < 2)
        {
            // No room for a surrogate pair: the caller has to consume first.
            filled = charLen > charPos;
            return true;
        }
        if (streamEnded)
        {
            filled = false;
            return true;
        }
        CompactBytes();
        if (byteLen == bytes.Length)
        {
            filled = charLen > charPos;
            return true;
        }
        return false;
    }

    /// <summary>Makes sure at least <paramref name="count"/> characters are available, unless the text is shorter.</summary>
    public async ValueTask EnsureAsync(int count, CancellationToken cancellationToken)
    {
        var target = Math.Min(count, chars.Length - 1);
        while (charLen - charPos < target)
        {
            var before = charLen - charPos;
            // A fill can add nothing when the one free slot cannot take a surrogate pair.
            if (!await FillAsync(cancellationToken).ConfigureAwait(false) || charLen - charPos == before)
            {
                return;
            }
        }
    }

    public override int Peek()
    {
        if (charPos == charLen && !Fill())
        {
            return -1;
        }
        return chars[charPos];
    }

    public override int Read()
    {
        if (charPos == charLen && !Fill())
        {
            return -1;
        }
        return chars[charPos++];
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        if (charPos == charLen && !Fill())
        {
            return 0;
        }
        return CopyTo(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        if (charPos == charLen && !await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }
        return CopyTo(buffer.Span);
    }

    public override Task<int> ReadAsync(char[] buffer, int index, int count) =>
        ReadAsync(buffer.AsMemory(index, count)).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            if (!leaveOpen)
            {
                stream.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    private int CopyTo(Span<char> buffer)
    {
        var count = Math.Min(buffer.Length, charLen - charPos);
        chars.AsSpan(charPos, count).CopyTo(buffer);
        charPos += count;
        return count;
    }

    private void CompactChars()
    {
        if (charPos == 0)
        {
            return;
        }
        var remaining = charLen - charPos;
        chars.AsSpan(charPos, remaining).CopyTo(chars);
        charBase += charPos;
        charPos = 0;
        charLen = remaining;
    }

    private void CompactBytes()
    {
        if (bytePos == 0)
        {
            return;
        }
        var remaining = byteLen - bytePos;
        bytes.AsSpan(bytePos, remaining).CopyTo(bytes);
        byteBase += bytePos;
        bytePos = 0;
        byteLen = remaining;
    }

    /// <summary>Decodes buffered bytes into free character space.</summary>
    /// <returns>Whether any character was produced.</returns>
    private bool Decode()
    {
        var before = charLen;
        switch (Encoding)
        {
            case TextEncoding.Utf8:
                DecodeUtf8();
                break;
            case TextEncoding.Latin1:
                var count = Math.Min(byteLen - bytePos, chars.Length - charLen);
                charLen += System.Text.Encoding.Latin1.GetChars(bytes.AsSpan(bytePos, count), chars.AsSpan(charLen));
                bytePos += count;
                break;
            default:
                DecodeUtf16(Encoding == TextEncoding.Utf16BigEndian);
                break;
        }
        return charLen > before;
    }

    private void DecodeUtf8()
    {
        while (bytePos < byteLen && charLen < chars.Length)
        {
            var source = bytes.AsSpan(bytePos, byteLen - bytePos);
            var status = Utf8.ToUtf16(source, chars.AsSpan(charLen), out var read, out var written,
                replaceInvalidSequences: false, isFinalBlock: streamEnded);
            bytePos += read;
            charLen += written;
            if (status != System.Buffers.OperationStatus.InvalidData || charLen == chars.Length)
            {
                return;
            }
            // Rune gives the length of the maximal invalid subsequence, the unit Unicode recommends replacing.
            Rune.DecodeFromUtf8(bytes.AsSpan(bytePos, byteLen - bytePos), out _, out var badLength);
            badLength = Math.Max(1, badLength);
            AddInvalid(bytes.AsSpan(bytePos, badLength));
            bytePos += badLength;
        }
    }

    private void DecodeUtf16(bool bigEndian)
    {
        var pairs = Math.Min((byteLen - bytePos) / 2, chars.Length - charLen);
        if (pairs == 0)
        {
            if (streamEnded && byteLen - bytePos == 1 && charLen < chars.Length)
            {
                AddInvalid(bytes.AsSpan(bytePos, 1));
                bytePos++;
            }
            return;
        }
        var source = MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan(bytePos, pairs * 2));
        var target = MemoryMarshal.Cast<char, ushort>(chars.AsSpan(charLen, pairs));
        if (bigEndian == BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, target);
        }
        else
        {
            source.CopyTo(target);
        }
        var start = charLen;
        var startByte = bytePos;
        var decoded = chars.AsSpan(start, pairs);
        var end = pairs;
        var i = decoded.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (i >= 0 && i < end)
        {
            if (char.IsHighSurrogate(decoded[i]) && i + 1 < end && char.IsLowSurrogate(decoded[i + 1]))
            {
                i += 2;
            }
            else if (char.IsHighSurrogate(decoded[i]) && i + 1 == end && (!streamEnded || (byteLen - bytePos) / 2 > pairs))
            {
                // The low half may be in the next chunk: give the high half back and decode it again then.
                end--;
                break;
            }
            else
            {
                var offset = startByte + (i * 2);
                var bad = bytes.AsSpan(offset, 2);
                decoded[i] = '\uFFFD';
                invalid.Enqueue(new InvalidText(charBase + start + i, byteBase + offset, Hex(bad), Encoding));
                i++;
            }
            var next = decoded[i..end].IndexOfAnyInRange('\uD800', '\uDFFF');
            i = next < 0 ? -1 : i + next;
        }
        charLen += end;
        bytePos += end * 2;
    }

    private void AddInvalid(ReadOnlySpan<byte> bad)
    {
        invalid.Enqueue(new InvalidText(charBase + charLen, byteBase + bytePos, Hex(bad), Encoding));
        chars[charLen++] = '\uFFFD';
    }

    private static string Hex(ReadOnlySpan<byte> bad) =>
        bad.Length == 1 ? $"byte 0x{bad[0]:X2}" : "bytes " + string.Join(' ', bad.ToArray().Select(b => $"0x{b:X2}"));
}
