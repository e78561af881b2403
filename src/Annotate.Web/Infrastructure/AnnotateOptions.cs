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
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Sqlite (default) or Postgres.</summary>
    public string Provider { get; set; } = "Sqlite";
}
