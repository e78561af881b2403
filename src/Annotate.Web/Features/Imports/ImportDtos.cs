namespace Annotate.Web.Features.Imports;

public sealed record UploadDto(Guid Id, string FileName, long Size, DateTime CreatedAt);

/// <summary>Which source fields become what. Only <see cref="TextField"/> is required.</summary>
public sealed record FieldMapping(
    string TextField,
    string? IdField = null,
    string? LabelField = null,
    IReadOnlyList<string>? MetadataFields = null,
    string? GroupField = null,
    string? TimestampField = null);

/// <summary>How the file is read; null values mean "detect".</summary>
public sealed record ReadSettings(string? Delimiter = null, string? Encoding = null, bool HasHeader = true);

public sealed record PreviewDto(
    Guid UploadId,
    string FileName,
    string Format,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows,
    IReadOnlyList<string> Problems,
    FieldMapping Suggested)
{
    public RecordPreview Records => new(Columns, Rows, Problems, Suggested);
}

/// <summary>The first records of any source as they will be read, problems among them, and a suggested mapping.</summary>
public sealed record RecordPreview(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows,
    IReadOnlyList<string> Problems,
    FieldMapping Suggested);

/// <summary>What happens to a file with bad rows.</summary>
public enum BadRowPolicy
{
    /// <summary>Nothing is imported; the job fails with the list of problems.</summary>
    RejectFile,

    /// <summary>Good rows are imported; a downloadable report names each skipped row by number, field and reason.</summary>
    SkipBadRows,
}

public sealed record FileImportRequest(Guid UploadId, FieldMapping Mapping, BadRowPolicy BadRows = BadRowPolicy.RejectFile, ReadSettings? Read = null);

/// <summary>What an import job leaves in its result.</summary>
public sealed record ImportResult(long RowsRead, long Imported, long Skipped, long Filtered, long ExactDuplicates, string? ReportPath);
