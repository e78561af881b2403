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

    public DbSet<LabelSchemaVersion> LabelSchemas => Set<LabelSchemaVersion>();

    public DbSet<Assignment> Assignments => Set<Assignment>();

    public DbSet<Annotation> Annotations => Set<Annotation>();

    public DbSet<LabelingFunction> LabelingFunctions => Set<LabelingFunction>();

    public DbSet<LabelingFunctionVersion> LabelingFunctionVersions => Set<LabelingFunctionVersion>();

    public DbSet<LfVote> LfVotes => Set<LfVote>();

    public DbSet<WeakLabelRun> WeakLabelRuns => Set<WeakLabelRun>();

    public DbSet<WeakLabel> WeakLabels => Set<WeakLabel>();

    public DbSet<ReviewTask> ReviewTasks => Set<ReviewTask>();

    public DbSet<ReviewDecision> ReviewDecisions => Set<ReviewDecision>();

    public DbSet<GoldItem> GoldItems => Set<GoldItem>();

    public DbSet<ItemFlag> ItemFlags => Set<ItemFlag>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAnnotationRewrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAnnotationRewrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Annotations are append-only: an edit is a new version, never a change to a saved row. Review decisions and
    /// flags are history too: a later decision is a new row.
    /// </summary>
    private void RefuseAnnotationRewrites()
    {
        if (ChangeTracker.Entries<Annotation>().FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted) is { } entry)
        {
            throw new InvalidOperationException(
                $"Annotation {entry.Entity.Id} (version {entry.Entity.Version}) cannot be {(entry.State == EntityState.Deleted ? "deleted" : "changed")}: annotations are append-only; save a new version instead.");
        }
        if (ChangeTracker.Entries<ReviewDecision>().FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted) is { } decision)
        {
            throw new InvalidOperationException(
                $"Review decision {decision.Entity.Id} cannot be {(decision.State == EntityState.Deleted ? "deleted" : "changed")}: decisions are append-only; record a new decision instead.");
        }
        if (ChangeTracker.Entries<ItemFlag>().FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted) is { } flag)
        {
            throw new InvalidOperationException($"Flag {flag.Entity.Id} cannot be changed or deleted: flags are append-only.");
        }
    }

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
