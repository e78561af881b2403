using System.Security.Claims;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Annotate.Web.Features.Imports;

/// <summary>The S3 source over HTTP: the connection names, a preview of the objects under a prefix, and the import. Managers only.</summary>
public static class S3ImportEndpoints
{
    public static IEndpointRouteBuilder MapS3ImportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:int}/s3").WithTags("Data").RequireAuthorization(ProjectMemberRequirement.Policy);
        group.MapGet("/connections", ListConnectionsAsync).WithName("ListS3Connections").WithSummary("The names of the S3 connections an admin configured");
        group.MapPost("/preview", PreviewAsync).WithName("PreviewS3").WithSummary("List the objects under bucket + prefix and read the first records");
        group.MapPost("/imports", StartImportAsync).WithName("StartS3Import");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<string>>> ListConnectionsAsync(int projectId, ClaimsPrincipal user, S3ImportService s3, CancellationToken cancellationToken) =>
        TypedResults.Ok(await s3.ListConnectionsAsync(Caller.From(user), projectId, cancellationToken));

    public static async Task<Ok<S3PreviewDto>> PreviewAsync(
        int projectId, S3SourceRequest request, ClaimsPrincipal user, S3ImportService s3, CancellationToken cancellationToken) =>
        TypedResults.Ok(await s3.PreviewAsync(Caller.From(user), projectId, request, cancellationToken));

    public static async Task<Accepted<JobDto>> StartImportAsync(
        int projectId, S3ImportRequest request, ClaimsPrincipal user, S3ImportService s3, CancellationToken cancellationToken)
    {
        var job = await s3.StartAsync(Caller.From(user), projectId, request, cancellationToken);
        return TypedResults.Accepted($"/api/projects/{projectId}/jobs/{job.Id}", job);
    }
}
