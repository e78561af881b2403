namespace Annotate.Web.Features.Imports;

/// <summary>Which objects to read: a configured connection (by name), a bucket and a key prefix ("" for all).</summary>
public sealed record S3SourceRequest(string Connection, string Bucket, string? Prefix = null, ReadSettings? Read = null);

/// <summary>Imports every supported object under the prefix with one mapping.</summary>
public sealed record S3ImportRequest(
    string Connection,
    string Bucket,
    string? Prefix,
    FieldMapping Mapping,
    BadRowPolicy BadRows = BadRowPolicy.RejectFile,
    ReadSettings? Read = null);

/// <summary>
/// What an S3 import would read: how many objects (and bytes), the first keys, the objects left out because their type
/// is not supported (<see cref="Unsupported"/> holds up to a thousand of <see cref="UnsupportedCount"/>), and the first
/// records with a suggested mapping.
/// </summary>
public sealed record S3PreviewDto(
    string Connection,
    string Bucket,
    string Prefix,
    int ObjectCount,
    long Bytes,
    IReadOnlyList<string> Keys,
    IReadOnlyList<string> Unsupported,
    int UnsupportedCount,
    RecordPreview Records);
