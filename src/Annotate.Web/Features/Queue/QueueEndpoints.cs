using System.Security.Claims;
using Annotate.Core.Labeling;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue.Dashboard;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Annotate.Web.Features.Queue;

/// <summary>
/// The label schema and the labeling queue over HTTP, for external tools and load tests: the same services, the same
/// checks as the pages (members only; Annotator for the queue, Manager for settings).
/// </summary>
public static class QueueEndpoints
{
    public static IEndpointRouteBuilder MapQueueEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:int}").WithTags("Labeling").RequireAuthorization(ProjectMemberRequirement.Policy);
        group.MapGet("/schema", async (int projectId, ClaimsPrincipal user, SchemaService schemas, CancellationToken ct) =>
            TypedResults.Ok(await schemas.GetAsync(Caller.From(user), projectId, ct))).WithName("GetSchema");
        group.MapPut("/schema", async (int projectId, LabelSchema schema, ClaimsPrincipal user, SchemaService schemas, CancellationToken ct) =>
            TypedResults.Ok(await schemas.SaveAsync(Caller.From(user), projectId, schema, ct))).WithName("SaveSchema");
        group.MapGet("/queue/settings", async (int projectId, ClaimsPrincipal user, QueueService queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.GetSettingsAsync(Caller.From(user), projectId, ct))).WithName("GetQueueSettings");
        group.MapPut("/queue/settings", async (int projectId, QueueSettings settings, ClaimsPrincipal user, QueueService queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.SaveSettingsAsync(Caller.From(user), projectId, settings, ct))).WithName("SaveQueueSettings");
        group.MapGet("/queue/metadata-fields", async (int projectId, ClaimsPrincipal user, QueueService queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.MetadataFieldsAsync(Caller.From(user), projectId, ct))).WithName("QueueMetadataFields");
        group.MapGet("/queue/dashboard", async (int projectId, ClaimsPrincipal user, QueueDashboardService dashboard, CancellationToken ct) =>
            TypedResults.Ok(await dashboard.GetAsync(Caller.From(user), projectId, ct))).WithName("QueueDashboard")
            .WithSummary("Totals and per-annotator activity of the queue (Managers)");
        group.MapPost("/queue/next", NextAsync).WithName("NextItem")
            .WithSummary("Lease the next item (204 when none is left); holding = ids the client already shows, skipped = revisit skipped items");
        group.MapGet("/queue/items/{itemId:long}", async (int projectId, long itemId, ClaimsPrincipal user, QueueService queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.ReopenAsync(Caller.From(user), projectId, itemId, ct))).WithName("ReopenItem");
        group.MapPost("/queue/items/{itemId:long}/submit", async (int projectId, long itemId, SubmitRequest request, ClaimsPrincipal user, QueueService queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.SubmitAsync(Caller.From(user), projectId, itemId, request, ct))).WithName("SubmitAnswer");
        group.MapPost("/queue/items/{itemId:long}/skip", async (int projectId, long itemId, SkipRequest? request, ClaimsPrincipal user, QueueService queue, CancellationToken ct) =>
        {
            await queue.SkipAsync(Caller.From(user), projectId, itemId, request ?? new SkipRequest(), ct);
            return TypedResults.NoContent();
        }).WithName("SkipItem");
        group.MapPost("/queue/items/{itemId:long}/renew", async (int projectId, long itemId, ClaimsPrincipal user, QueueService queue, CancellationToken ct) =>
            TypedResults.Ok(new { expiresAt = await queue.RenewAsync(Caller.From(user), projectId, itemId, ct) })).WithName("RenewLease");
        group.MapGet("/queue/items/{itemId:long}/versions", async (int projectId, long itemId, ClaimsPrincipal user, QueueService queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.VersionsAsync(Caller.From(user), projectId, itemId, ct))).WithName("AnswerVersions");
        group.MapGet("/queue/history", async (int projectId, ClaimsPrincipal user, QueueService queue, int skip = 0, int take = 50, CancellationToken ct = default) =>
            TypedResults.Ok(await queue.HistoryAsync(Caller.From(user), projectId, skip, take, ct))).WithName("History");
        return app;
    }

    public sealed record NextRequest(IReadOnlyList<long>? Holding = null, bool Skipped = false);

    private static async Task<Results<Ok<QueueItem>, NoContent>> NextAsync(int projectId, NextRequest? request, ClaimsPrincipal user, QueueService queue, CancellationToken ct)
    {
        var item = await queue.NextAsync(Caller.From(user), projectId, request?.Holding, request?.Skipped ?? false, ct);
        return item is null ? TypedResults.NoContent() : TypedResults.Ok(item);
    }
}
