using System.Security.Claims;

namespace Annotate.Web.Infrastructure;

/// <summary>Who is asking: the signed-in user's id and whether they are an Admin. Every service method takes one.</summary>
public sealed record Caller(string UserId, bool IsAdmin)
{
    public const string AdminRole = "Admin";

    /// <exception cref="ForbiddenException">The principal is not signed in.</exception>
    public static Caller From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(id))
        {
            throw new ForbiddenException("You need to sign in.");
        }
        return new Caller(id, principal.IsInRole(AdminRole));
    }

    /// <exception cref="ForbiddenException">The caller is not an Admin.</exception>
    public void RequireAdmin()
    {
        if (!IsAdmin)
        {
            throw new ForbiddenException("Only an Admin may do this.");
        }
    }
}
