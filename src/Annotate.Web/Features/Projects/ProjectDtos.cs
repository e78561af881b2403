using Annotate.Core.Projects;

namespace Annotate.Web.Features.Projects;

public sealed record ProjectSummary(
    int Id,
    string Name,
    string Description,
    bool IsArchived,
    DateTime CreatedAt,
    ProjectRoles MyRoles,
    int MemberCount,
    long ItemCount);

public sealed record ProjectDetail(
    int Id,
    string Name,
    string Description,
    bool IsArchived,
    DateTime CreatedAt,
    DateTime? ArchivedAt,
    ProjectRoles MyRoles);

public sealed record CreateProjectRequest(string Name, string? Description);

public sealed record UpdateProjectRequest(string Name, string? Description);

public sealed record ProjectMemberDto(string UserId, string Email, string? DisplayName, ProjectRoles Roles, DateTime AddedAt, bool IsDisabled);

/// <summary>Adds a member (found by e-mail or user id) or changes their roles; no roles removes them.</summary>
public sealed record SetMemberRequest(string User, ProjectRoles Roles);

public sealed record UserPick(string Id, string Email, string? DisplayName);
