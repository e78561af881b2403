using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace Annotate.Web.Features.Projects;

/// <summary>
/// Endpoints under <c>/api/projects/{projectId}</c> are only for members of that project. Checked by the authorization
/// middleware, before the request body is even read, so a non-member learns nothing (not even whether a body is
/// valid). Services check roles again for each use case.
/// </summary>
public sealed class ProjectMemberRequirement : IAuthorizationRequirement
{
    public const string Policy = "ProjectMember";
}

internal sealed class ProjectMemberHandler(ProjectAccessService access) : AuthorizationHandler<ProjectMemberRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ProjectMemberRequirement requirement)
    {
        if (context.Resource is not HttpContext http || context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        if (http.GetRouteValue("projectId") is not { } raw)
        {
            context.Succeed(requirement);
            return;
        }
        if (!int.TryParse(raw.ToString(), out var projectId))
        {
            return;
        }
        try
        {
            await access.GetRolesAsync(Caller.From(context.User), projectId, http.RequestAborted);
            context.Succeed(requirement);
        }
        catch (NotFoundException)
        {
            // Not succeeded: the requirement is reported as failed, and the result handler answers 404.
        }
    }
}
