using Annotate.Core.Ingest;

namespace Annotate.Web.Features.Imports.Sources;

/// <summary>
/// Where an import reads its records from: an uploaded file, a list of web pages, an SQL query or the objects under an
/// S3 prefix. Every source gives records with named fields, which the Manager's <see cref="FieldMapping"/> turns into
/// items; <see cref="ItemImporter"/> does that the same way for all of them.
/// </summary>
public interface IImportSource : IAsyncDisposable
{
    /// <summary>What <see cref="Data.Entities.Item.SourceKind"/> records: file, url, sql or s3.</summary>
    string Kind { get; }

    /// <summary>The field names the records have (for checking the mapping before reading).</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>How far reading has got, from 0 to 1 (by bytes, objects or pages, whatever the source can tell).</summary>
    double Fraction { get; }

    /// <summary>The records in source order, each with the name of the file, URL, query or object key it came from.</summary>
    /// <exception cref="IngestException">The source cannot be read any further; nothing of it should be kept.</exception>
    IAsyncEnumerable<SourcedRecord> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>One record or problem, with where it came from (file name, URL, query name or object key).</summary>
public readonly record struct SourcedRecord(string SourceName, RecordResult Result);
