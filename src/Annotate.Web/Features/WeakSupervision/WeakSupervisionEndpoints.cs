using System.Security.Claims;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;

namespace Annotate.Web.Features.WeakSupervision;

/// <summary>Labeling functions and the label model over HTTP, with the same checks as the Weak labels tab.</summary>
public static class WeakSupervisionEndpoints
{
    public static IEndpointRouteBuilder MapWeakSupervisionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:int}/labeling-functions").WithTags("Weak supervision").RequireAuthorization(ProjectMemberRequirement.Policy);
        group.MapGet("/", async (int projectId, ClaimsPrincipal user, LabelingFunctionService functions, CancellationToken ct) =>
            TypedResults.Ok(await functions.ListAsync(Caller.From(user), projectId, ct))).WithName("ListLabelingFunctions");
        group.MapPost("/", async (int projectId, LfRequest request, ClaimsPrincipal user, LabelingFunctionService functions, CancellationToken ct) =>
        {
            var created = await functions.CreateAsync(Caller.From(user), projectId, request, ct);
            return TypedResults.Created($"/api/projects/{projectId}/labeling-functions/{created.Id}", created);
        }).WithName("CreateLabelingFunction");
        group.MapPut("/{functionId:int}", async (int projectId, int functionId, LfRequest request, ClaimsPrincipal user, LabelingFunctionService functions, CancellationToken ct) =>
            TypedResults.Ok(await functions.UpdateAsync(Caller.From(user), projectId, functionId, request, ct))).WithName("UpdateLabelingFunction");
        group.MapPost("/{functionId:int}/enabled", async (int projectId, int functionId, EnabledRequest request, ClaimsPrincipal user, LabelingFunctionService functions, CancellationToken ct) =>
            TypedResults.Ok(await functions.SetEnabledAsync(Caller.From(user), projectId, functionId, request.Enabled, ct))).WithName("EnableLabelingFunction");
        group.MapPost("/test", async (int projectId, LfRequest request, ClaimsPrincipal user, LabelingFunctionService functions, CancellationToken ct) =>
            TypedResults.Ok(await functions.TestAsync(Caller.From(user), projectId, request, ct))).WithName("TestLabelingFunction")
            .WithSummary("Run a definition over a sample of the project's items without saving it");
        group.MapPost("/apply", async (int projectId, ClaimsPrincipal user, LabelingFunctionService functions, CancellationToken ct) =>
            TypedResults.Accepted((string?)null, await functions.ApplyAsync(Caller.From(user), projectId, ct))).WithName("ApplyLabelingFunctions");

        var weak = app.MapGroup("/api/projects/{projectId:int}/weak-supervision").WithTags("Weak supervision").RequireAuthorization(ProjectMemberRequirement.Policy);
        weak.MapGet("/settings", async (int projectId, ClaimsPrincipal user, WeakSupervisionService service, CancellationToken ct) =>
            TypedResults.Ok(await service.GetSettingsAsync(Caller.From(user), projectId, ct))).WithName("GetWeakSupervisionSettings");
        weak.MapPut("/settings", async (int projectId, WeakSupervisionSettings settings, ClaimsPrincipal user, WeakSupervisionService service, CancellationToken ct) =>
            TypedResults.Ok(await service.SaveSettingsAsync(Caller.From(user), projectId, settings, ct))).WithName("SaveWeakSupervisionSettings")
            .WithSummary("Label model, seed, tie rule, suggestions and auto-accept thresholds (Managers); used from the next fit");
        weak.MapPost("/fit", async (int projectId, ClaimsPrincipal user, WeakSupervisionService service, CancellationToken ct) =>
            TypedResults.Accepted((string?)null, await service.FitAsync(Caller.From(user), projectId, ct))).WithName("FitLabelModel");
        weak.MapGet("/analysis", async (int projectId, ClaimsPrincipal user, WeakSupervisionService service, CancellationToken ct) =>
            TypedResults.Ok(await service.AnalyzeAsync(Caller.From(user), projectId, ct))).WithName("AnalyzeLabelingFunctions")
            .WithSummary("Per labeling function: polarity, coverage, overlaps, conflicts, empirical and learned accuracy");
        weak.MapGet("/analysis/functions/{functionId:int}", async (int projectId, int functionId, ClaimsPrincipal user, WeakSupervisionService service, CancellationToken ct) =>
            TypedResults.Ok(await service.HitsAsync(Caller.From(user), projectId, functionId, ct))).WithName("LabelingFunctionHits")
            .WithSummary("The items a function voted on that people answered: hits (agree) and misses (disagree)");
        return app;
    }

    public sealed record EnabledRequest(bool Enabled);
}
