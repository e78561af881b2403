using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Admin;

/// <summary>User administration. Every method requires an Admin caller.</summary>
public sealed class AdminService(IDbContextFactory<AnnotateDbContext> dbFactory, IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task<PagedResult<UserRow>> ListUsersAsync(Caller caller, UserQuery query, CancellationToken cancellationToken)
    {
        caller.RequireAdmin();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var adminRoleId = await db.Roles.Where(r => r.Name == Caller.AdminRole).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var s = query.Search.Trim().ToUpperInvariant();
            users = users.Where(u => u.NormalizedEmail!.Contains(s) || (u.DisplayName != null && u.DisplayName.ToUpper().Contains(s)));
        }
        var total = await users.CountAsync(cancellationToken);
        users = (query.SortBy, query.Descending) switch
        {
            (nameof(UserRow.DisplayName), false) => users.OrderBy(u => u.DisplayName),
            (nameof(UserRow.DisplayName), true) => users.OrderByDescending(u => u.DisplayName),
            (nameof(UserRow.CreatedAt), false) => users.OrderBy(u => u.CreatedAt),
            (nameof(UserRow.CreatedAt), true) => users.OrderByDescending(u => u.CreatedAt),
            (_, true) => users.OrderByDescending(u => u.NormalizedEmail),
            _ => users.OrderBy(u => u.NormalizedEmail),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var rows = await users.Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(u => new UserRow(
                u.Id, u.Email ?? "", u.DisplayName,
                db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == adminRoleId),
                u.IsDisabled, u.CreatedAt, u.Memberships.Count))
            .ToListAsync(cancellationToken);
        return new PagedResult<UserRow>(rows, total);
    }

    /// <exception cref="InputException">The e-mail is taken or invalid, or the password breaks a rule (named).</exception>
    public async Task<UserRow> CreateUserAsync(Caller caller, CreateUserRequest request, CancellationToken cancellationToken)
    {
        caller.RequireAdmin();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await CreateAccountAsync(users, request.Email, request.DisplayName, request.Password, time);
        if (request.IsAdmin)
        {
            await EnsureAdminRoleAsync(scope.ServiceProvider);
            await users.AddToRoleAsync(user, Caller.AdminRole);
        }
        return new UserRow(user.Id, user.Email!, user.DisplayName, request.IsAdmin, false, user.CreatedAt, 0);
    }

    /// <summary>Disables (no sign-in; open sessions end at the next check) or enables an account.</summary>
    public async Task SetDisabledAsync(Caller caller, string userId, bool disabled, CancellationToken cancellationToken)
    {
        caller.RequireAdmin();
        if (disabled && userId == caller.UserId)
        {
            throw new InputException("User", "You cannot disable your own account.");
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException($"No user with id '{userId}'.");
        user.IsDisabled = disabled;
        user.LockoutEnabled = true;
        user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        Check(await users.UpdateAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
    }

    /// <summary>Grants or removes the Admin role. The last Admin cannot be removed.</summary>
    public async Task SetAdminAsync(Caller caller, string userId, bool isAdmin, CancellationToken cancellationToken)
    {
        caller.RequireAdmin();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException($"No user with id '{userId}'.");
        await EnsureAdminRoleAsync(scope.ServiceProvider);
        if (isAdmin)
        {
            if (!await users.IsInRoleAsync(user, Caller.AdminRole))
            {
                Check(await users.AddToRoleAsync(user, Caller.AdminRole));
            }
        }
        else if (await users.IsInRoleAsync(user, Caller.AdminRole))
        {
            if ((await users.GetUsersInRoleAsync(Caller.AdminRole)).Count <= 1)
            {
                throw new InputException("User", "This is the last Admin; make someone else Admin first.");
            }
            Check(await users.RemoveFromRoleAsync(user, Caller.AdminRole));
        }
        Check(await users.UpdateSecurityStampAsync(user));
    }

    /// <summary>Creates an account with a password; shared by the admin page, registration and the create-admin command.</summary>
    /// <exception cref="InputException">The e-mail is taken or invalid, or the password breaks a rule.</exception>
    internal static async Task<AppUser> CreateAccountAsync(UserManager<AppUser> users, string? email, string? displayName, string? password, TimeProvider time)
    {
        email = (email ?? "").Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            throw new InputException("Email", $"'{email}' is not an e-mail address.");
        }
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new InputException("Email", $"An account with the e-mail {email} already exists.");
        }
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };
        var result = await users.CreateAsync(user, password ?? "");
        if (!result.Succeeded)
        {
            var field = result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "Password" : "Email";
            throw new InputException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        return user;
    }

    internal static async Task EnsureAdminRoleAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Caller.AdminRole))
        {
            await roles.CreateAsync(new IdentityRole(Caller.AdminRole));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InputException("User", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
