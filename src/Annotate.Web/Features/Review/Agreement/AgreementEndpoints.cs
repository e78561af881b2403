using System.Security.Claims;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Annotate.Web.Features.Review.Agreement;

/// <summary>Agreement figures over HTTP (Managers and Reviewers), with the same checks as the Review tab.</summary>
public static class AgreementEndpoints
{
    public static IEndpointRouteBuilder MapAgreementEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{projectId:int}/agreement").WithTags("Agreement").RequireAuthorization(ProjectMemberRequirement.Policy);
        group.MapGet("/", GetAsync).WithName("GetAgreement")
            .WithSummary("Agreement of one question (?question=KEY; the first measurable question by default): α, percent agreement, Fleiss' κ, κ per pair, per label, per annotator, over time");
        group.MapGet("/annotators/{userId}", GetAnnotatorAsync).WithName("GetAnnotatorAgreement")
            .WithSummary("One annotator's figures for one question: against the others, Dawid–Skene, the others' majority, answers over time");
        return app;
    }

    private static async Task<Ok<AgreementReport>> GetAsync(int projectId, ClaimsPrincipal user, AgreementService agreement, string? question = null, CancellationToken ct = default) =>
        TypedResults.Ok(await agreement.GetAsync(Caller.From(user), projectId, question, ct));

    private static async Task<Ok<AnnotatorReport>> GetAnnotatorAsync(int projectId, string userId, ClaimsPrincipal user, AgreementService agreement, string? question = null, CancellationToken ct = default) =>
        TypedResults.Ok(await agreement.GetAnnotatorAsync(Caller.From(user), projectId, userId, question, ct));
}
