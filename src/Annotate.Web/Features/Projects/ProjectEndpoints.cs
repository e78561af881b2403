using System.Security.Claims;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Statistics;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Annotate.Web.Features.Projects;

public static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization(ProjectMemberRequirement.Policy);
        group.MapGet("/", ListProjectsAsync).WithName("ListProjects").WithSummary("Projects you are a member of");
        group.MapPost("/", CreateProjectAsync).WithName("CreateProject").WithSummary("Create a project (Admin)");
        group.MapGet("/{projectId:int}", GetProjectAsync).WithName("GetProject");
        group.MapPut("/{projectId:int}", UpdateProjectAsync).WithName("UpdateProject").WithSummary("Rename or describe (Manager)");
        group.MapPost("/{projectId:int}/archive", ArchiveProjectAsync).WithName("ArchiveProject");
        group.MapPost("/{projectId:int}/unarchive", UnarchiveProjectAsync).WithName("UnarchiveProject");
        group.MapGet("/{projectId:int}/members", ListMembersAsync).WithName("ListMembers");
        group.MapPut("/{projectId:int}/members", SetMemberAsync).WithName("SetMember").WithSummary("Add a member or change roles (Manager)");
        group.MapGet("/{projectId:int}/statistics", GetStatisticsAsync).WithName("GetStatistics");
        group.MapPost("/{projectId:int}/statistics/recount", RecountStatisticsAsync).WithName("RecountStatistics");
        group.MapGet("/{projectId:int}/jobs", ListJobsAsync).WithName("ListJobs");
        group.MapGet("/{projectId:int}/jobs/{jobId:long}", GetJobAsync).WithName("GetJob");
        group.MapPost("/{projectId:int}/jobs/{jobId:long}/cancel", CancelJobAsync).WithName("CancelJob");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ProjectSummary>>> ListProjectsAsync(
        ClaimsPrincipal user, ProjectService projects, bool includeArchived = false, CancellationToken cancellationToken = default) =>
        TypedResults.Ok(await projects.ListAsync(Caller.From(user), includeArchived, cancellationToken));

    public static async Task<Created<ProjectDetail>> CreateProjectAsync(
        CreateProjectRequest request, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken)
    {
        var project = await projects.CreateAsync(Caller.From(user), request, cancellationToken);
        return TypedResults.Created($"/api/projects/{project.Id}", project);
    }

    public static async Task<Ok<ProjectDetail>> GetProjectAsync(
        int projectId, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        TypedResults.Ok(await projects.GetAsync(Caller.From(user), projectId, cancellationToken));

    public static async Task<Ok<ProjectDetail>> UpdateProjectAsync(
        int projectId, UpdateProjectRequest request, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        TypedResults.Ok(await projects.UpdateAsync(Caller.From(user), projectId, request, cancellationToken));

    public static async Task<Ok<ProjectDetail>> ArchiveProjectAsync(
        int projectId, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        TypedResults.Ok(await projects.SetArchivedAsync(Caller.From(user), projectId, true, cancellationToken));

    public static async Task<Ok<ProjectDetail>> UnarchiveProjectAsync(
        int projectId, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        TypedResults.Ok(await projects.SetArchivedAsync(Caller.From(user), projectId, false, cancellationToken));

    public static async Task<Ok<IReadOnlyList<ProjectMemberDto>>> ListMembersAsync(
        int projectId, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        TypedResults.Ok(await projects.ListMembersAsync(Caller.From(user), projectId, cancellationToken));

    public static async Task<Ok<IReadOnlyList<ProjectMemberDto>>> SetMemberAsync(
        int projectId, SetMemberRequest request, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        TypedResults.Ok(await projects.SetMemberAsync(Caller.From(user), projectId, request, cancellationToken));

    public static async Task<Results<Ok<ProjectStatisticsDto>, NoContent>> GetStatisticsAsync(
        int projectId, ClaimsPrincipal user, StatisticsService statistics, CancellationToken cancellationToken) =>
        await statistics.GetAsync(Caller.From(user), projectId, cancellationToken) is { } dto
            ? TypedResults.Ok(dto)
            : TypedResults.NoContent();

    public static async Task<Accepted<JobDto>> RecountStatisticsAsync(
        int projectId, ClaimsPrincipal user, StatisticsService statistics, CancellationToken cancellationToken)
    {
        var job = await statistics.RecountAsync(Caller.From(user), projectId, cancellationToken);
        return TypedResults.Accepted($"/api/projects/{projectId}/jobs/{job.Id}", job);
    }

    public static async Task<Ok<IReadOnlyList<JobDto>>> ListJobsAsync(
        int projectId, ClaimsPrincipal user, JobService jobs, int take = 50, CancellationToken cancellationToken = default) =>
        TypedResults.Ok(await jobs.ListAsync(Caller.From(user), projectId, take, cancellationToken));

    public static async Task<Ok<JobDto>> GetJobAsync(
        int projectId, long jobId, ClaimsPrincipal user, JobService jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.GetAsync(Caller.From(user), projectId, jobId, cancellationToken));

    public static async Task<Ok<JobDto>> CancelJobAsync(
        int projectId, long jobId, ClaimsPrincipal user, JobService jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.CancelAsync(Caller.From(user), projectId, jobId, cancellationToken));
}
