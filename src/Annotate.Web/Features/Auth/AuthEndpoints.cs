using System.Security.Claims;
using Annotate.Data.Entities;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Annotate.Web.Features.Auth;

public sealed record LoginRequest(string Email, string Password);

public sealed record MeResponse(string Id, string Email, string? DisplayName, bool IsAdmin);

/// <summary>Cookie sign-in for API clients (scripts, load tests); the browser uses the Account pages.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/login", LoginAsync).AllowAnonymous().WithName("Login").DisableAntiforgery();
        group.MapPost("/logout", LogoutAsync).RequireAuthorization().WithName("Logout");
        group.MapGet("/me", MeAsync).RequireAuthorization().WithName("Me");
        return app;
    }

    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<AppUser> signIn, CancellationToken cancellationToken)
    {
        var user = await signIn.UserManager.FindByEmailAsync(request.Email ?? "");
        if (user is null)
        {
            return InvalidLogin();
        }
        var result = await signIn.PasswordSignInAsync(user, request.Password ?? "", isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem(
                user.IsDisabled ? "This account is disabled." : "Too many failed attempts; the account is locked for a few minutes.",
                statusCode: StatusCodes.Status423Locked, title: "Locked");
        }
        if (!result.Succeeded)
        {
            return InvalidLogin();
        }
        var isAdmin = await signIn.UserManager.IsInRoleAsync(user, Caller.AdminRole);
        return TypedResults.Ok(new MeResponse(user.Id, user.Email!, user.DisplayName, isAdmin));
    }

    public static async Task<NoContent> LogoutAsync(SignInManager<AppUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> MeAsync(ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        var user = await users.GetUserAsync(principal);
        return user is null
            ? TypedResults.Unauthorized()
            : TypedResults.Ok(new MeResponse(user.Id, user.Email!, user.DisplayName, principal.IsInRole(Caller.AdminRole)));
    }

    private static ProblemHttpResult InvalidLogin() =>
        TypedResults.Problem("The e-mail or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
}
