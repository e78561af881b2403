using System.Text;
using System.Text.Unicode;

namespace Annotate.Core.Ingest;

/// <summary>
/// Re-encodes decoded text as UTF-8 for <see cref="System.Text.Json.Utf8JsonReader"/>, whatever the file's encoding,
/// and moves the positions of invalid bytes from text offsets to offsets in the UTF-8 it hands out.
/// </summary>
internal sealed class Utf8Transcoder(DecodingTextReader text)
{
    private readonly Queue<(long ByteOffset, InvalidText Invalid)> invalid = new();
    private long bytesOut;

    /// <summary>Fills <paramref name="destination"/> (at least 4 bytes) with the next UTF-8 bytes.</summary>
    /// <returns>The number of bytes written; 0 at the end of the text.</returns>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            var count = text.Available.Length;
            var waitingForPair = count == 1 && char.IsHighSurrogate(text.Available[0]);
            if ((count == 0 || waitingForPair) && !await text.FillAsync(cancellationToken).ConfigureAwait(false) && count == 0)
            {
                return 0;
            }
            var written = Encode(destination.Span);
            if (written > 0)
            {
                return written;
            }
        }
    }

    private int Encode(Span<byte> destination)
    {
        var source = text.Available;
        Utf8.FromUtf16(source, destination, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: text.EndOfStream);
        var start = text.Position;
        while (text.TakeInvalid(start, start + read) is { } bad)
        {
            var prefix = Encoding.UTF8.GetByteCount(source[..(int)(bad.CharOffset - start)]);
            invalid.Enqueue((bytesOut + prefix, bad));
        }
        text.Consume(read);
        bytesOut += written;
        return written;
    }

    /// <summary>
    /// Removes and returns the first invalid sequence placed before <paramref name="byteLimit"/> in the UTF-8 output;
    /// entries before <paramref name="byteStart"/> are dropped.
    /// </summary>
    public InvalidText? TakeInvalid(long byteStart, long byteLimit)
    {
        while (invalid.TryPeek(out var next) && next.ByteOffset < byteLimit)
        {
            invalid.Dequeue();
            if (next.ByteOffset >= byteStart)
            {
                return next.Invalid;
            }
        }
        return null;
    }
}
