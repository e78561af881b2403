using Annotate.Data;
using Annotate.Data.Postgres;
using Annotate.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Microsoft.Extensions.DependencyInjection;

public static class AnnotateDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the store for <paramref name="provider"/>: an <see cref="IDbContextFactory{AnnotateDbContext}"/>
    /// (one context per operation, for components and background work) and a scoped <see cref="AnnotateDbContext"/>
    /// (for Identity).
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is empty.</exception>
    public static IServiceCollection AddAnnotateData(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContextFactory<SqliteAnnotateDbContext>(o => o.UseSqlite(connectionString));
                services.AddScoped<AnnotateDbContext>(sp => sp.GetRequiredService<SqliteAnnotateDbContext>());
                services.AddSingleton<IDbContextFactory<AnnotateDbContext>, ForwardingDbContextFactory<SqliteAnnotateDbContext>>();
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContextFactory<PostgresAnnotateDbContext>(o => o.UseNpgsql(connectionString));
                services.AddScoped<AnnotateDbContext>(sp => sp.GetRequiredService<PostgresAnnotateDbContext>());
                services.AddSingleton<IDbContextFactory<AnnotateDbContext>, ForwardingDbContextFactory<PostgresAnnotateDbContext>>();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }
        return services;
    }

    private sealed class ForwardingDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AnnotateDbContext>
        where TContext : AnnotateDbContext
    {
        public AnnotateDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
