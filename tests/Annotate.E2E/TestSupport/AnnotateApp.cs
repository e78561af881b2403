using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Admin;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.E2E.TestSupport;

/// <summary>
/// One running instance of Annotate on a real Kestrel port (so a browser can reach it), with its own temp SQLite
/// file. Seeding helpers go through the app's own services, not the UI, for steps a test is not about.
/// </summary>
public sealed class AnnotateApp : IAsyncDisposable
{
    private readonly AnnotateAppFactory factory;
    private readonly string dataDirectory;

    private AnnotateApp(AnnotateAppFactory factory, string dataDirectory, Uri baseAddress, ServerLog log)
    {
        Log = log;
        this.factory = factory;
        this.dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    /// <summary>e.g. http://127.0.0.1:41234/ (always ends with a slash).</summary>
    public Uri BaseAddress { get; }

    public string BaseUrl => BaseAddress.ToString();

    /// <summary>Warnings and errors the app logged.</summary>
    public ServerLog Log { get; }

    public IServiceProvider Services => factory.Services;

    public string DatabasePath => factory.DatabasePath;

    public static AnnotateApp Start()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("annotate-e2e-").FullName;
        var log = new ServerLog(Path.GetFileName(dataDirectory));
        var factory = new AnnotateAppFactory(dataDirectory, log);
        try
        {
            factory.UseKestrel(0);
            factory.StartServer();
            var address = factory.ClientOptions.BaseAddress;
            if (!address.AbsoluteUri.EndsWith('/'))
            {
                address = new Uri(address.AbsoluteUri + "/");
            }
            return new AnnotateApp(factory, dataDirectory, address, log);
        }
        catch
        {
            factory.Dispose();
            TryDelete(dataDirectory);
            throw;
        }
    }

    public Uri Url(string relative) => new(BaseAddress, relative.TrimStart('/'));

    /// <summary>Creates an account directly (no UI), optionally as Admin, and returns its id.</summary>
    public async Task<string> CreateUserAsync(string email, string password, bool isAdmin, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await AdminService.CreateAccountAsync(users, email, null, password, TimeProvider.System);
        if (isAdmin)
        {
            var added = await users.AddToRoleAsync(user, Caller.AdminRole);
            if (!added.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", added.Errors.Select(e => e.Description)));
            }
        }
        return user.Id;
    }

    /// <summary>Returns the id of the account with this e-mail, creating it first when it does not exist.</summary>
    public async Task<string> EnsureUserAsync(string email, string password, bool isAdmin, CancellationToken cancellationToken)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var existing = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
            if (existing is not null)
            {
                return existing.Id;
            }
        }
        return await CreateUserAsync(email, password, isAdmin, cancellationToken);
    }

    /// <summary>Creates a project as the given Admin (no UI) and returns its id.</summary>
    public async Task<int> CreateProjectAsync(string adminUserId, string name, string description, CancellationToken cancellationToken)
    {
        var projects = Services.GetRequiredService<ProjectService>();
        var created = await projects.CreateAsync(new Caller(adminUserId, IsAdmin: true), new CreateProjectRequest(name, description), cancellationToken);
        return created.Id;
    }

    public async Task<AnnotateDbContext> CreateDbContextAsync(CancellationToken cancellationToken) =>
        await Services.GetRequiredService<IDbContextFactory<AnnotateDbContext>>().CreateDbContextAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        // Pooled SQLite connections keep the file open; let go of them before deleting the folder.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TryDelete(dataDirectory);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test run over it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
