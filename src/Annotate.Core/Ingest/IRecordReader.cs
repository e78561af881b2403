namespace Annotate.Core.Ingest;

/// <summary>
/// Streams the records of one file. Made by <see cref="RecordReaders.OpenAsync"/>; read it once, then dispose it.
/// </summary>
public interface IRecordReader : IAsyncDisposable
{
    /// <summary>
    /// The column names. CSV/TSV: the header (or <see cref="ReadOptions.ColumnNames"/>, or col1…colN); Parquet: the
    /// schema's top-level fields; JSON and JSONL: the keys in order of first appearance among the records read so
    /// far, so it holds the first record's keys as soon as the reader is open and grows as reading goes on.
    /// </summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// The text encoding used: "utf-8", "utf-16le", "utf-16be" or "latin-1"; <see langword="null"/> for Parquet,
    /// which is binary.
    /// </summary>
    string? DetectedEncoding { get; }

    /// <summary>
    /// Reads the rows in file order, each as a record or as a problem naming the row and field. Rows that cannot be
    /// read are never dropped silently: they come out as problems.
    /// </summary>
    /// <exception cref="IngestException">The file cannot be read on from some row (see the reader's format).</exception>
    /// <exception cref="InvalidOperationException">The records were already read once.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    IAsyncEnumerable<RecordResult> ReadAsync(CancellationToken cancellationToken);
}
