using Annotate.Core.Cleaning;
using System.Security.Claims;
using System.Text.Json;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Web.Features.Cleaning;
using Annotate.Web.Features.Items;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Imports;

/// <summary>
/// Data collection over HTTP: upload a file (the raw body; a non-form content type, so no cross-site form can post it),
/// preview it, import it, browse items and download an import's report. Managers only.
/// </summary>
public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:int}").WithTags("Data").RequireAuthorization(ProjectMemberRequirement.Policy);
        group.MapPost("/uploads", UploadAsync).WithName("Upload").WithSummary("Upload a file: raw body, ?fileName=data.csv");
        group.MapGet("/uploads", ListUploadsAsync).WithName("ListUploads");
        group.MapPost("/uploads/{uploadId:guid}/preview", PreviewAsync).WithName("PreviewUpload");
        group.MapPost("/imports", StartImportAsync).WithName("StartImport");
        group.MapGet("/items", QueryItemsAsync).WithName("QueryItems");
        group.MapPost("/items/ungroup", UngroupItemsAsync).WithName("UngroupItems").WithSummary("Take items out of their near-duplicate group");
        group.MapGet("/cleaning", GetCleaningAsync).WithName("GetCleaning");
        group.MapPut("/cleaning", SaveCleaningAsync).WithName("SaveCleaning");
        group.MapPost("/cleaning/near-duplicates", GroupNearDuplicatesAsync).WithName("GroupNearDuplicates");
        group.MapPost("/cleaning/rerun", RecleanAsync).WithName("RerunCleaning").WithSummary("Apply the current cleaning rules to the items already imported");
        group.MapGet("/jobs/{jobId:long}/report", DownloadReportAsync).WithName("DownloadImportReport");
        return app;
    }

    public static async Task<Results<Created<UploadDto>, BadRequest<string>>> UploadAsync(
        int projectId, string? fileName, HttpRequest request, ClaimsPrincipal user, ImportService imports, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            return TypedResults.BadRequest("Send the file as the raw request body (Content-Type: application/octet-stream) with ?fileName=.");
        }
        var upload = await imports.SaveUploadAsync(Caller.From(user), projectId, fileName ?? "", request.Body, cancellationToken);
        return TypedResults.Created($"/api/projects/{projectId}/uploads/{upload.Id}", upload);
    }

    public static async Task<Ok<IReadOnlyList<UploadDto>>> ListUploadsAsync(int projectId, ClaimsPrincipal user, ImportService imports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await imports.ListUploadsAsync(Caller.From(user), projectId, cancellationToken));

    public static async Task<Ok<PreviewDto>> PreviewAsync(
        int projectId, Guid uploadId, ReadSettings? read, ClaimsPrincipal user, ImportService imports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await imports.PreviewAsync(Caller.From(user), projectId, uploadId, read, cancellationToken));

    public static async Task<Accepted<JobDto>> StartImportAsync(
        int projectId, FileImportRequest request, ClaimsPrincipal user, ImportService imports, CancellationToken cancellationToken)
    {
        var job = await imports.StartFileImportAsync(Caller.From(user), projectId, request, cancellationToken);
        return TypedResults.Accepted($"/api/projects/{projectId}/jobs/{job.Id}", job);
    }

    public static async Task<Ok<PagedResult<ItemRow>>> QueryItemsAsync(
        int projectId, ClaimsPrincipal user, ItemService items, int page = 0, int pageSize = 25, string? search = null,
        ItemFilter filter = ItemFilter.All, long? nearDuplicateGroupId = null, CancellationToken cancellationToken = default) =>
        TypedResults.Ok(await items.QueryAsync(Caller.From(user), projectId, new ItemQuery(page, pageSize, search, filter, nearDuplicateGroupId), cancellationToken));

    public static async Task<Ok<int>> UngroupItemsAsync(
        int projectId, UngroupRequest request, ClaimsPrincipal user, ItemService items, CancellationToken cancellationToken) =>
        TypedResults.Ok(await items.UngroupAsync(Caller.From(user), projectId, request.ItemIds, cancellationToken));

    public static async Task<Ok<CleaningOptions>> GetCleaningAsync(int projectId, ClaimsPrincipal user, CleaningService cleaning, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cleaning.GetAsync(Caller.From(user), projectId, cancellationToken));

    public static async Task<Ok<CleaningOptions>> SaveCleaningAsync(
        int projectId, CleaningOptions settings, ClaimsPrincipal user, CleaningService cleaning, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cleaning.SaveAsync(Caller.From(user), projectId, settings, cancellationToken));

    public static async Task<Accepted<JobDto>> GroupNearDuplicatesAsync(int projectId, ClaimsPrincipal user, JobService jobs, CancellationToken cancellationToken)
    {
        var job = await jobs.EnqueueAsync(Caller.From(user), projectId, NearDuplicateJob.JobKind, null, ProjectRoles.Manager, cancellationToken);
        return TypedResults.Accepted($"/api/projects/{projectId}/jobs/{job.Id}", job);
    }

    public static async Task<Accepted<JobDto>> RecleanAsync(int projectId, ClaimsPrincipal user, JobService jobs, CancellationToken cancellationToken)
    {
        var job = await jobs.EnqueueAsync(Caller.From(user), projectId, RecleanJob.JobKind, null, ProjectRoles.Manager, cancellationToken);
        return TypedResults.Accepted($"/api/projects/{projectId}/jobs/{job.Id}", job);
    }

    public static async Task<Results<PhysicalFileHttpResult, NotFound<string>>> DownloadReportAsync(
        int projectId, long jobId, ClaimsPrincipal user, ProjectAccessService access, IDbContextFactory<AnnotateDbContext> dbFactory,
        AnnotatePaths paths, CancellationToken cancellationToken)
    {
        await access.RequireAsync(Caller.From(user), projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var resultJson = await db.Jobs.Where(j => j.Id == jobId && j.ProjectId == projectId).Select(j => j.ResultJson).SingleOrDefaultAsync(cancellationToken);
        var report = resultJson is null ? null : JsonSerializer.Deserialize<ImportResult>(resultJson, JsonSerializerOptions.Web)?.ReportPath;
        if (report is null)
        {
            return TypedResults.NotFound("This job skipped no rows, so it has no report.");
        }
        return TypedResults.PhysicalFile(paths.Resolve(report), "text/csv", $"import-{jobId}-problems.csv");
    }
}
