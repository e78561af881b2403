using Annotate.Data.Entities;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Data;

/// <summary>
/// The store. Provider-neutral: each provider derives its own context (<see cref="Sqlite.SqliteAnnotateDbContext"/>,
/// <see cref="Postgres.PostgresAnnotateDbContext"/>) only to carry its own migrations set.
/// </summary>
public abstract class AnnotateDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Project> Projects => Set<Project>();

    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<Item> Items => Set<Item>();

    public DbSet<ProjectStatistics> ProjectStatistics => Set<ProjectStatistics>();

    public DbSet<Upload> Uploads => Set<Upload>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AnnotateDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime we store is UTC; reading it back must say so, or comparisons and JSON drift by the offset.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
