using System.Security.Claims;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Annotate.Web.Features.Imports.WebPages;

/// <summary>Importing web pages over HTTP: preview the first pages of a URL list, then import the list. Managers only.</summary>
public static class WebImportEndpoints
{
    public static IEndpointRouteBuilder MapWebImportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:int}/web").WithTags("Data").RequireAuthorization(ProjectMemberRequirement.Policy);
        group.MapPost("/preview", PreviewAsync).WithName("PreviewWebPages").WithSummary("Fetch the first pages of a URL list (one URL per line)");
        group.MapPost("/imports", StartImportAsync).WithName("StartWebImport").WithSummary("Import the pages of a URL list");
        return app;
    }

    public static async Task<Ok<WebPreviewDto>> PreviewAsync(
        int projectId, WebSourceRequest request, ClaimsPrincipal user, WebImportService web, CancellationToken cancellationToken) =>
        TypedResults.Ok(await web.PreviewAsync(Caller.From(user), projectId, request, cancellationToken));

    public static async Task<Accepted<JobDto>> StartImportAsync(
        int projectId, WebImportRequest request, ClaimsPrincipal user, WebImportService web, CancellationToken cancellationToken)
    {
        var job = await web.StartAsync(Caller.From(user), projectId, request, cancellationToken);
        return TypedResults.Accepted($"/api/projects/{projectId}/jobs/{job.Id}", job);
    }
}
