using System.ComponentModel.DataAnnotations;

namespace Annotate.Web.Infrastructure;

/// <summary>The "Annotate" configuration section.</summary>
public sealed class AnnotateOptions
{
    public const string SectionName = "Annotate";

    /// <summary>Where the SQLite file and uploaded files live. Relative paths are taken from the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// When false (the default) only the very first account may register itself (and becomes Admin); afterwards an
    /// Admin creates accounts.
    /// </summary>
    public bool AllowSelfRegistration { get; set; }

    /// <summary>The largest file a Manager may upload, in bytes (default 2 GiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How many background jobs run at once on this instance.</summary>
    [Range(1, 64)]
    public int JobConcurrency { get; set; } = 2;

    /// <summary>
    /// S3-compatible stores Managers may import from, by name (<c>Annotate:S3Connections:&lt;name&gt;:ServiceUrl</c>, …).
    /// Managers pick a name; they never see the endpoint's credentials. Names are case-insensitive.
    /// </summary>
    public Dictionary<string, S3ConnectionOptions> S3Connections { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The most objects one S3 import may read; a prefix with more is refused (narrow it).</summary>
    [Range(1, 1_000_000)]
    public int S3MaxObjects { get; set; } = 10_000;
}

/// <summary>One S3-compatible endpoint and the credentials to use it (an entry of <c>Annotate:S3Connections</c>).</summary>
public sealed class S3ConnectionOptions
{
    /// <summary>The endpoint, e.g. <c>https://minio.example.com:9000</c>; empty for AWS itself (then <see cref="Region"/> picks it).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The region to sign for (AWS: also the endpoint). Default us-east-1.</summary>
    public string? Region { get; set; }

    /// <summary>Access key id; leave it and <see cref="SecretKey"/> empty to use the SDK's default credentials (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Address buckets as <c>endpoint/bucket/key</c> instead of <c>bucket.endpoint/key</c> (most self-hosted servers need this).</summary>
    public bool ForcePathStyle { get; set; }
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Sqlite (default) or Postgres.</summary>
    public string Provider { get; set; } = "Sqlite";
}
