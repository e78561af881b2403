using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Annotate.Web.Features.Projects;

/// <summary>
/// A caller who is not a member of a project gets 404, as if it did not exist, rather than 403: the existence of
/// other teams' projects is not theirs to know. Every other authorization outcome is handled as usual.
/// </summary>
internal sealed class ProjectAuthorizationResultHandler(IProblemDetailsService problemDetails) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ProjectMemberRequirement>().Any() == true)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status404NotFound,
                    Title = "Not found",
                    Detail = $"Project {context.GetRouteValue("projectId")} does not exist or you are not a member of it.",
                },
            });
            return;
        }
        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
