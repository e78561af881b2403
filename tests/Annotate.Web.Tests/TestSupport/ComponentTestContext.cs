using System.Security.Claims;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Data.Sqlite;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>
/// bUnit context with MudBlazor and the real feature services over a real SQLite file: components are rendered against
/// the same services the app uses, only the signed-in user is set by the test.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    private TestStore? store;

    protected TestStore Store => store!;

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        store = await TestStore.CreateAsync(DatabaseProvider.Sqlite);
        await using (var db = NewDb())
        {
            await AnnotateDatabase.MigrateAsync(db, Ct);
        }
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging();
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddAnnotateData(DatabaseProvider.Sqlite, store.ConnectionString);
        Services.AddSingleton(new Annotate.Web.Infrastructure.StoreWriteGate(DatabaseProvider.Sqlite));
        Services.AddAnnotateFeatures();
        Services.AddSingleton(new Annotate.Web.Infrastructure.AnnotatePaths(Path.Combine(store.Folder, "data")));
    }

    protected AnnotateDbContext NewDb() =>
        new SqliteAnnotateDbContext(new DbContextOptionsBuilder<SqliteAnnotateDbContext>().UseSqlite(Store.ConnectionString).Options);

    protected async Task<AppUser> AddUserAsync(string email)
    {
        await using var db = NewDb();
        var user = new AppUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), CreatedAt = DateTime.UtcNow };
        db.Users.Add(user);
        await db.SaveChangesAsync(Ct);
        return user;
    }

    protected async Task<Project> AddProjectAsync(string name, params (AppUser User, Annotate.Core.Projects.ProjectRoles Roles)[] members)
    {
        await using var db = NewDb();
        var project = new Project { Name = name, NormalizedName = Annotate.Core.Projects.ProjectNames.Normalize(name), CreatedAt = DateTime.UtcNow };
        foreach (var (user, roles) in members)
        {
            project.Members.Add(new ProjectMember { UserId = user.Id, Roles = roles, AddedAt = DateTime.UtcNow });
        }
        db.Projects.Add(project);
        await db.SaveChangesAsync(Ct);
        return project;
    }

    /// <summary>Signs <paramref name="user"/> in for the components under test.</summary>
    protected void SignIn(AppUser user, bool admin = false)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(user.Email!);
        if (admin)
        {
            auth.SetRoles(Annotate.Web.Infrastructure.Caller.AdminRole);
        }
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id));
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        if (store is not null)
        {
            await store.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
