namespace Annotate.Data.Entities;

/// <summary>A file a Manager uploaded to a project, kept in the data folder until it is imported (and after, for traceability).</summary>
public class Upload
{
    public Guid Id { get; set; }

    public int ProjectId { get; set; }

    /// <summary>The name the user's file had.</summary>
    public required string FileName { get; set; }

    /// <summary>Path relative to the data folder.</summary>
    public required string StoredPath { get; set; }

    public long Size { get; set; }

    public string? CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public Project? Project { get; set; }
}
