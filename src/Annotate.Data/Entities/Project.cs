namespace Annotate.Data.Entities;

/// <summary>A labeling project. It owns its items, members, jobs and everything later stages add.</summary>
public class Project
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The uniqueness key of <see cref="Name"/> (see <c>ProjectNames.Normalize</c>).</summary>
    public required string NormalizedName { get; set; }

    public string Description { get; set; } = "";

    public bool IsArchived { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ArchivedAt { get; set; }

    public string? CreatedById { get; set; }

    /// <summary>How items are cleaned on import, as JSON; null means the defaults.</summary>
    public string? CleaningJson { get; set; }

    public List<ProjectMember> Members { get; set; } = [];
}
