using System.Security.Claims;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Annotate.Web.Features.Imports.Sql;

/// <summary>The SQL source over HTTP: the configured connections (names only), a query's preview, and its import. Managers only.</summary>
public static class SqlImportEndpoints
{
    public static IEndpointRouteBuilder MapSqlImportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:int}/sql").WithTags("Data").RequireAuthorization(ProjectMemberRequirement.Policy);
        group.MapGet("/connections", ListConnectionsAsync).WithName("ListSqlConnections").WithSummary("The SQL connections an Admin configured, by name");
        group.MapPost("/preview", PreviewAsync).WithName("PreviewSqlQuery").WithSummary("The first rows of a query and a suggested mapping");
        group.MapPost("/imports", StartImportAsync).WithName("StartSqlImport").WithSummary("Import a query's rows as items");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<SqlConnectionDto>>> ListConnectionsAsync(
        int projectId, ClaimsPrincipal user, SqlImportService sql, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sql.ListConnectionsAsync(Caller.From(user), projectId, cancellationToken));

    public static async Task<Ok<RecordPreview>> PreviewAsync(
        int projectId, SqlSourceRequest request, ClaimsPrincipal user, SqlImportService sql, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sql.PreviewAsync(Caller.From(user), projectId, request, cancellationToken));

    public static async Task<Accepted<JobDto>> StartImportAsync(
        int projectId, SqlImportRequest request, ClaimsPrincipal user, SqlImportService sql, CancellationToken cancellationToken)
    {
        var job = await sql.StartAsync(Caller.From(user), projectId, request, cancellationToken);
        return TypedResults.Accepted($"/api/projects/{projectId}/jobs/{job.Id}", job);
    }
}
