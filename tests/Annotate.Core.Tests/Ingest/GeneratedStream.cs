namespace Annotate.Core.Tests.Ingest;

/// <summary>
/// A read-only stream that cannot seek and makes its bytes on demand from a sequence of chunks, so a test can feed a
/// reader hundreds of megabytes without holding them, as an upload or an S3 body would arrive.
/// </summary>
internal sealed class GeneratedStream(IEnumerable<ReadOnlyMemory<byte>> chunks) : Stream
{
    private readonly IEnumerator<ReadOnlyMemory<byte>> source = chunks.GetEnumerator();
    private ReadOnlyMemory<byte> current;
    private bool ended;

    private readonly List<WeakReference<byte[]>> handedOut = [];

    public long BytesRead { get; private set; }

    /// <summary>
    /// How many chunks given out so far are still reachable from anywhere (after a garbage collection, this tells
    /// whether the reader keeps input it has already consumed). The chunk being read counts.
    /// </summary>
    public int LiveChunks => handedOut.Count(reference => reference.TryGetTarget(out _));

    public static GeneratedStream Of(byte[] bytes) => new([bytes]);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (current.IsEmpty && !ended)
        {
            if (source.MoveNext())
            {
                current = source.Current;
                if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(current, out var segment) && segment.Array is { } array)
                {
                    handedOut.Add(new WeakReference<byte[]>(array));
                }
            }
            else
            {
                ended = true;
            }
        }
        var count = Math.Min(buffer.Length, current.Length);
        current.Span[..count].CopyTo(buffer);
        current = current[count..];
        BytesRead += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }
        base.Dispose(disposing);
    }
}
