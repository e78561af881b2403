using System.Security.Claims;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Annotate.Web.Features.Admin;

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(p => p.RequireRole(Caller.AdminRole));
        group.MapGet("/users", ListUsersAsync).WithName("ListUsers");
        group.MapPost("/users", CreateUserAsync).WithName("CreateUser");
        group.MapPost("/users/{userId}/disable", DisableUserAsync).WithName("DisableUser");
        group.MapPost("/users/{userId}/enable", EnableUserAsync).WithName("EnableUser");
        group.MapPost("/users/{userId}/admin", GrantAdminAsync).WithName("GrantAdmin");
        group.MapDelete("/users/{userId}/admin", RevokeAdminAsync).WithName("RevokeAdmin");
        return app;
    }

    public static async Task<Ok<PagedResult<UserRow>>> ListUsersAsync(
        ClaimsPrincipal user, AdminService admin, int page = 0, int pageSize = 25, string? search = null, CancellationToken cancellationToken = default) =>
        TypedResults.Ok(await admin.ListUsersAsync(Caller.From(user), new UserQuery(page, pageSize, search), cancellationToken));

    public static async Task<Created<UserRow>> CreateUserAsync(
        CreateUserRequest request, ClaimsPrincipal user, AdminService admin, CancellationToken cancellationToken)
    {
        var created = await admin.CreateUserAsync(Caller.From(user), request, cancellationToken);
        return TypedResults.Created($"/api/admin/users/{created.Id}", created);
    }

    public static async Task<NoContent> DisableUserAsync(string userId, ClaimsPrincipal user, AdminService admin, CancellationToken cancellationToken)
    {
        await admin.SetDisabledAsync(Caller.From(user), userId, true, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> EnableUserAsync(string userId, ClaimsPrincipal user, AdminService admin, CancellationToken cancellationToken)
    {
        await admin.SetDisabledAsync(Caller.From(user), userId, false, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> GrantAdminAsync(string userId, ClaimsPrincipal user, AdminService admin, CancellationToken cancellationToken)
    {
        await admin.SetAdminAsync(Caller.From(user), userId, true, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> RevokeAdminAsync(string userId, ClaimsPrincipal user, AdminService admin, CancellationToken cancellationToken)
    {
        await admin.SetAdminAsync(Caller.From(user), userId, false, cancellationToken);
        return TypedResults.NoContent();
    }
}
