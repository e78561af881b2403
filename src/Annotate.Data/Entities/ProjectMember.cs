using Annotate.Core.Projects;

namespace Annotate.Data.Entities;

/// <summary>A user's membership of one project, with the roles they hold there.</summary>
public class ProjectMember
{
    public int ProjectId { get; set; }

    public required string UserId { get; set; }

    public ProjectRoles Roles { get; set; }

    public DateTime AddedAt { get; set; }

    public Project? Project { get; set; }

    public AppUser? User { get; set; }
}
