using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Projects;

/// <summary>
/// The one place that answers "may this caller do this in this project". A project the caller is not a member of is
/// reported as not found, so its existence does not leak. Admins hold every role in every project.
/// </summary>
public sealed class ProjectAccessService(IDbContextFactory<AnnotateDbContext> dbFactory)
{
    /// <summary>The roles <paramref name="caller"/> holds in the project.</summary>
    /// <exception cref="NotFoundException">No such project, or the caller is not a member.</exception>
    public async Task<ProjectRoles> GetRolesAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (caller.IsAdmin)
        {
            return await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken)
                ? ProjectRoles.All
                : throw NotFound(projectId);
        }
        var membership = await db.ProjectMembers
            .Where(m => m.ProjectId == projectId && m.UserId == caller.UserId)
            .Select(m => (ProjectRoles?)m.Roles)
            .FirstOrDefaultAsync(cancellationToken);
        return membership is { } roles && roles != ProjectRoles.None ? roles : throw NotFound(projectId);
    }

    /// <summary>Checks that the caller holds at least one of <paramref name="anyOf"/> (or is simply a member when None).</summary>
    /// <exception cref="NotFoundException">No such project, or the caller is not a member.</exception>
    /// <exception cref="ForbiddenException">The caller is a member without any of the roles.</exception>
    public async Task<ProjectRoles> RequireAsync(Caller caller, int projectId, ProjectRoles anyOf, CancellationToken cancellationToken)
    {
        var roles = await GetRolesAsync(caller, projectId, cancellationToken);
        if (anyOf != ProjectRoles.None && (roles & anyOf) == 0)
        {
            throw new ForbiddenException($"This needs the {string.Join(" or ", anyOf.Split())} role in this project.");
        }
        return roles;
    }

    private static NotFoundException NotFound(int projectId) => new($"Project {projectId} does not exist or you are not a member of it.");
}
