using System.Runtime.CompilerServices;

namespace Annotate.Core.Ingest;

/// <summary>
/// A reader that reads its first record while the file is opened, so that a file-level fault is thrown by
/// <see cref="RecordReaders.OpenAsync"/> rather than midway through the enumeration, and then hands that record out
/// first. The records can be enumerated once.
/// </summary>
internal abstract class PrefetchingRecordReader : IRecordReader
{
    private bool started;

    /// <summary>The record read while opening, or null when the file had none.</summary>
    protected RecordResult? First { get; set; }

    public abstract IReadOnlyList<string> Columns { get; }

    public abstract string? DetectedEncoding { get; }

    /// <exception cref="InvalidOperationException">The records were already enumerated.</exception>
    public async IAsyncEnumerable<RecordResult> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (started)
        {
            throw new InvalidOperationException("The records of this reader were already read; open the file again to read them again.");
        }
        started = true;
        if (First is { } first)
        {
            yield return first;
        }
        while (await NextAsync(cancellationToken).ConfigureAwait(false) is { } result)
        {
            yield return result;
        }
    }

    /// <summary>The next record or problem, or null at the end of the file.</summary>
    protected abstract ValueTask<RecordResult?> NextAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
