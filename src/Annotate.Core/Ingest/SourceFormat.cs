namespace Annotate.Core.Ingest;

/// <summary>The file formats an import can read.</summary>
public enum SourceFormat
{
    /// <summary>Comma-separated values (RFC 4180 quoting); <c>;</c> is detected when the header has no comma.</summary>
    Csv,

    /// <summary>Tab-separated values without quoting (IANA text/tab-separated-values): quotes are ordinary characters.</summary>
    Tsv,

    /// <summary>A JSON array of objects, or an object of objects keyed by id (the WRENCH layout).</summary>
    Json,

    /// <summary>JSON Lines: one JSON object per line.</summary>
    Jsonl,

    /// <summary>Apache Parquet.</summary>
    Parquet,
}
