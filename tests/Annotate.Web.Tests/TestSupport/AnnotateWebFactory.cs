using System.Net.Http.Json;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Admin;
using Annotate.Web.Features.Auth;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>The real app on a real store (SQLite file or PostgreSQL database), one per test class.</summary>
public abstract class AnnotateWebFactory(DatabaseProvider provider) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Passw0rd!Test";

    private TestStore? store;
    private bool ownsStore = true;

    public DatabaseProvider Provider => provider;

    public TestStore Store => store ?? throw new InvalidOperationException("The store is not created yet.");

    /// <summary>Runs this instance on another instance's store, as a restart of the app would; the other keeps ownership.</summary>
    public void UseStoreOf(AnnotateWebFactory other)
    {
        store = other.Store;
        ownsStore = false;
    }

    /// <summary>Extra services for a test class (e.g. a job handler that waits for a signal).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>Configuration values for a test class (e.g. SQL connections), applied over the defaults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Runs once before the app starts, when the store exists (e.g. to create a database that <see cref="Settings"/> names).</summary>
    protected virtual ValueTask PrepareAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres && !TestStore.PostgresAvailable)
        {
            if (TestStore.PostgresRequired)
            {
                throw new InvalidOperationException(TestStore.MissingPostgresMessage);
            }
            return;
        }
        store ??= await TestStore.CreateAsync(provider);
        await PrepareAsync();
        // Build the host now so that migrations run once, before the tests.
        _ = Services;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (store is null)
        {
            throw new InvalidOperationException(TestStore.MissingPostgresMessage);
        }
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("ConnectionStrings:Annotate", store.ConnectionString);
        builder.UseSetting("Annotate:DataDirectory", Path.Combine(store.Folder, "data"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(ConfigureTestServices);
    }

    /// <summary>Skips the calling test when this is a PostgreSQL fixture and no server is configured (outside ./test.sh).</summary>
    public void SkipWhenUnavailable()
    {
        if (store is null)
        {
            Assert.Skip(TestStore.MissingPostgresMessage);
        }
    }

    public IDbContextFactory<AnnotateDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<AnnotateDbContext>>();

    /// <summary>Creates an account directly in the store.</summary>
    public async Task<AppUser> CreateUserAsync(string? email = null, bool admin = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await AdminService.CreateAccountAsync(users, email ?? $"user-{Guid.NewGuid():N}@example.test", null, Password, TimeProvider.System);
        if (admin)
        {
            await users.AddToRoleAsync(user, Caller.AdminRole);
        }
        return user;
    }

    /// <summary>An HTTP client signed in as <paramref name="user"/> (cookie kept by the client).</summary>
    public async Task<HttpClient> SignInAsync(AppUser user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostAsJsonAsync("/api/auth/login", new LoginRequest(user.Email!, Password), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return client;
    }

    public HttpClient CreateAnonymousClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static Caller CallerOf(AppUser user, bool admin = false) => new(user.Id, admin);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (store is not null && ownsStore)
        {
            await store.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteWebFactory() : AnnotateWebFactory(DatabaseProvider.Sqlite);

public sealed class PostgresWebFactory() : AnnotateWebFactory(DatabaseProvider.Postgres);
