using System.Security.Claims;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Annotate.Web.Features.Export;

/// <summary>
/// Dataset exports over HTTP, for a project's Managers (the service checks the role; a non-member gets 404): the
/// choices, a preview of the counts, starting an export, the past exports, one's manifest and its zip.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:int}/exports").WithTags("Export").RequireAuthorization(ProjectMemberRequirement.Policy);
        group.MapGet("/choices", ChoicesAsync).WithName("ExportChoices").WithSummary("The questions and import sources an export can use");
        group.MapPost("/preview", PreviewAsync).WithName("PreviewExport").WithSummary("The split and class counts the export would have");
        group.MapPost("", StartAsync).WithName("StartExport").WithSummary("Queue an export job; poll /api/projects/{projectId}/jobs/{jobId}");
        group.MapGet("", ListAsync).WithName("ListExports").WithSummary("Finished exports, newest first");
        group.MapGet("/{jobId:long}/manifest", ManifestAsync).WithName("ExportManifest");
        group.MapGet("/{jobId:long}/download", DownloadAsync).WithName("DownloadExport");
        return app;
    }

    public static async Task<Ok<ExportChoices>> ChoicesAsync(int projectId, ClaimsPrincipal user, ExportService exports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await exports.ChoicesAsync(Caller.From(user), projectId, cancellationToken));

    public static async Task<Ok<ExportSummary>> PreviewAsync(
        int projectId, ExportRequest request, ClaimsPrincipal user, ExportService exports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await exports.PreviewAsync(Caller.From(user), projectId, request, cancellationToken));

    public static async Task<Accepted<JobDto>> StartAsync(
        int projectId, ExportRequest request, ClaimsPrincipal user, ExportService exports, CancellationToken cancellationToken)
    {
        var job = await exports.StartAsync(Caller.From(user), projectId, request, cancellationToken);
        return TypedResults.Accepted($"/api/projects/{projectId}/jobs/{job.Id}", job);
    }

    public static async Task<Ok<IReadOnlyList<PastExport>>> ListAsync(int projectId, ClaimsPrincipal user, ExportService exports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await exports.ListAsync(Caller.From(user), projectId, cancellationToken));

    public static async Task<ContentHttpResult> ManifestAsync(
        int projectId, long jobId, ClaimsPrincipal user, ExportService exports, CancellationToken cancellationToken) =>
        TypedResults.Text(await exports.GetManifestAsync(Caller.From(user), projectId, jobId, cancellationToken), "application/json", System.Text.Encoding.UTF8);

    public static async Task<PhysicalFileHttpResult> DownloadAsync(
        int projectId, long jobId, ClaimsPrincipal user, ExportService exports, CancellationToken cancellationToken)
    {
        var (path, name) = await exports.GetZipAsync(Caller.From(user), projectId, jobId, cancellationToken);
        return TypedResults.PhysicalFile(path, "application/zip", name);
    }
}
