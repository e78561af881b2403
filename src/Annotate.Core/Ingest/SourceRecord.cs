namespace Annotate.Core.Ingest;

/// <summary>One record read from a source file.</summary>
/// <param name="Row">
/// Where the record is in the file, 1-based: for CSV and TSV the data row (the header is not counted, blank lines
/// are); for JSONL the line number; for JSON and Parquet the record's index + 1.
/// </param>
/// <param name="Fields">
/// The record's values as text, keyed by column name. CSV and TSV give every column (an empty field is
/// <c>""</c>); JSON gives the keys the object has (JSON <c>null</c> is <see langword="null"/>); Parquet gives every
/// column (a missing value is <see langword="null"/>).
/// </param>
public sealed record SourceRecord(long Row, IReadOnlyDictionary<string, string?> Fields);
