namespace Annotate.Core.Ingest;

/// <summary>How to read a source file. The defaults suit most files; every property is optional.</summary>
public sealed class ReadOptions
{
    /// <summary>The largest <see cref="MaxRecordLength"/> there can be: the CSV parser keeps one row in a buffer of at most 16 Mi characters.</summary>
    public const int MaxSupportedRecordLength = 8_000_000;

    /// <summary>The options used when none are given.</summary>
    public static ReadOptions Default { get; } = new();

    /// <summary>
    /// CSV/TSV field separator. <see langword="null"/> means by format: <c>,</c> for CSV (or <c>;</c> when the first
    /// line has no comma but has a semicolon) and a tab for TSV. Ignored for other formats.
    /// </summary>
    public char? Delimiter { get; init; }

    /// <summary>
    /// "utf-8", "utf-16" (little-endian unless a byte-order mark says otherwise), "utf-16le", "utf-16be" or "latin-1"
    /// (ISO-8859-1). <see langword="null"/> detects: a byte-order mark decides; otherwise a seekable stream is checked
    /// to be valid UTF-8 as a whole and read as Latin-1 when it is not; a stream that cannot seek is read as UTF-8.
    /// Ignored for Parquet.
    /// </summary>
    public string? Encoding { get; init; }

    /// <summary>Whether the first CSV/TSV line names the columns. Ignored for other formats.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// Column names for a CSV/TSV file without a header (<see cref="HasHeader"/> false). When null, columns are
    /// named col1…colN after the first row's field count.
    /// </summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>The longest value, in characters, a field may have; a longer one makes its row a problem.</summary>
    public int MaxFieldLength { get; init; } = 1_000_000;

    /// <summary>
    /// The longest record, in characters: one CSV/TSV row or one JSONL line (a JSON array item may have four times
    /// as many UTF-8 bytes). A longer one makes its row a problem. At most <see cref="MaxSupportedRecordLength"/>.
    /// </summary>
    public int MaxRecordLength { get; init; } = MaxSupportedRecordLength;
}
