using System.Security.Claims;
using Annotate.Data.Entities;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Annotate.Web.Features.Review;

/// <summary>
/// Review, final labels and gold items over HTTP: the same services and checks as the pages (members only; Reviewer for
/// the reviewer's queue, Manager for settings and gold, Manager or Reviewer to send items and read final labels,
/// Annotator to flag and to read feedback).
/// </summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:int}").WithTags("Review").RequireAuthorization(ProjectMemberRequirement.Policy);
        group.MapGet("/review/settings", async (int projectId, ClaimsPrincipal user, ReviewService review, CancellationToken ct) =>
            TypedResults.Ok(await review.GetSettingsAsync(Caller.From(user), projectId, ct))).WithName("GetReviewSettings");
        group.MapPut("/review/settings", async (int projectId, ReviewSettings settings, ClaimsPrincipal user, ReviewService review, CancellationToken ct) =>
            TypedResults.Ok(await review.SaveSettingsAsync(Caller.From(user), projectId, settings, ct))).WithName("SaveReviewSettings");
        group.MapGet("/review/summary", async (int projectId, ClaimsPrincipal user, ReviewService review, CancellationToken ct) =>
            TypedResults.Ok(await review.SummaryAsync(Caller.From(user), projectId, ct))).WithName("ReviewSummary");
        group.MapGet("/review/tasks", async (int projectId, ClaimsPrincipal user, ReviewService review, ReviewTaskStatus? status = null, int page = 0, int pageSize = 50,
            CancellationToken ct = default) => TypedResults.Ok(await review.ListAsync(Caller.From(user), projectId, status, page, pageSize, ct))).WithName("ReviewTasks");
        group.MapPost("/review/next", NextAsync).WithName("NextReviewTask")
            .WithSummary("Lease the next open review task (204 when none is left); holding = task ids the client already shows");
        group.MapPost("/review/tasks/{taskId:long}/take", async (int projectId, long taskId, ClaimsPrincipal user, ReviewService review, CancellationToken ct) =>
            TypedResults.Ok(await review.TakeAsync(Caller.From(user), projectId, taskId, ct))).WithName("TakeReviewTask");
        group.MapPost("/review/tasks/{taskId:long}/release", async (int projectId, long taskId, ClaimsPrincipal user, ReviewService review, CancellationToken ct) =>
        {
            await review.ReleaseAsync(Caller.From(user), projectId, taskId, ct);
            return TypedResults.NoContent();
        }).WithName("ReleaseReviewTask");
        group.MapPost("/review/tasks/{taskId:long}/resolve", async (int projectId, long taskId, ResolveRequest request, ClaimsPrincipal user, ReviewService review, CancellationToken ct) =>
            TypedResults.Ok(await review.ResolveAsync(Caller.From(user), projectId, taskId, request, ct))).WithName("ResolveReviewTask")
            .WithSummary("Accept one annotation (annotationId) or give an answer: the item's final label");
        group.MapPost("/review/tasks/{taskId:long}/send-back", async (int projectId, long taskId, SendBackRequest request, ClaimsPrincipal user, ReviewService review, CancellationToken ct) =>
            TypedResults.Ok(await review.SendBackAsync(Caller.From(user), projectId, taskId, request, ct))).WithName("SendBackReviewTask");
        group.MapGet("/review/feedback", async (int projectId, ClaimsPrincipal user, ReviewService review, int skip = 0, int take = 20, CancellationToken ct = default) =>
            TypedResults.Ok(await review.FeedbackAsync(Caller.From(user), projectId, skip, take, ct))).WithName("ReviewFeedback")
            .WithSummary("Reviewers' decisions on items the caller annotated");
        group.MapPost("/items/{itemId:long}/review", async (int projectId, long itemId, SendToReviewRequest? request, ClaimsPrincipal user, ReviewRoutingService routing, CancellationToken ct) =>
            TypedResults.Ok(await routing.SendAsync(Caller.From(user), projectId, itemId, request ?? new SendToReviewRequest(), ct))).WithName("SendToReview");
        group.MapPost("/queue/items/{itemId:long}/flag", async (int projectId, long itemId, FlagRequest? request, ClaimsPrincipal user, ReviewRoutingService routing, CancellationToken ct) =>
            TypedResults.Ok(await routing.FlagAsync(Caller.From(user), projectId, itemId, request ?? new FlagRequest(), ct))).WithName("FlagItem");

        group.MapGet("/final-labels", async (int projectId, ClaimsPrincipal user, FinalLabelService labels, long after = 0, int take = 1000, bool includeUnlabeled = false,
            bool includeFiltered = false, bool includeDuplicates = false, CancellationToken ct = default) =>
            TypedResults.Ok(await labels.PageAsync(Caller.From(user), projectId, after, take, new FinalLabelOptions(includeUnlabeled, includeFiltered, includeDuplicates), ct)))
            .WithName("FinalLabels").WithSummary("Final labels with provenance in item id order; pass nextAfterItemId as after for the next page");
        group.MapGet("/final-labels/{itemId:long}", async (int projectId, long itemId, ClaimsPrincipal user, FinalLabelService labels, CancellationToken ct) =>
            TypedResults.Ok(await labels.GetAsync(Caller.From(user), projectId, itemId, ct))).WithName("FinalLabel");

        group.MapGet("/gold", async (int projectId, ClaimsPrincipal user, GoldService gold, int page = 0, int pageSize = 50, CancellationToken ct = default) =>
            TypedResults.Ok(await gold.ListAsync(Caller.From(user), projectId, page, pageSize, ct))).WithName("GoldItems");
        group.MapPut("/gold/{itemId:long}", async (int projectId, long itemId, SetGoldRequest request, ClaimsPrincipal user, GoldService gold, CancellationToken ct) =>
            TypedResults.Ok(await gold.SetAsync(Caller.From(user), projectId, itemId, request, ct))).WithName("SetGoldItem");
        group.MapDelete("/gold/{itemId:long}", RemoveGoldAsync).WithName("RemoveGoldItem");
        group.MapGet("/gold/accuracy", async (int projectId, ClaimsPrincipal user, GoldService gold, CancellationToken ct) =>
            TypedResults.Ok(await gold.AccuracyAsync(Caller.From(user), projectId, ct))).WithName("GoldAccuracy")
            .WithSummary("Each annotator's accuracy on the gold items they answered");
        return app;
    }

    public sealed record NextReviewRequest(IReadOnlyList<long>? Holding = null);

    private static async Task<Results<Ok<ReviewItem>, NoContent>> NextAsync(int projectId, NextReviewRequest? request, ClaimsPrincipal user, ReviewService review, CancellationToken ct)
    {
        var item = await review.NextAsync(Caller.From(user), projectId, request?.Holding, ct);
        return item is null ? TypedResults.NoContent() : TypedResults.Ok(item);
    }

    private static async Task<Results<NoContent, NotFound>> RemoveGoldAsync(int projectId, long itemId, ClaimsPrincipal user, GoldService gold, CancellationToken ct) =>
        await gold.RemoveAsync(Caller.From(user), projectId, itemId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
