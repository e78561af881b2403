using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Bulk;
using Annotate.Data.Entities;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Data;

/// <summary>The native bulk path (prepared INSERT on SQLite, binary COPY on PostgreSQL) stores exactly what EF would.</summary>
public abstract class ItemBulkInserterTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected TFactory Factory => factory;

    private async Task<int> ProjectAsync()
    {
        var admin = await factory.CreateUserAsync(admin: true);
        var project = await factory.Services.GetRequiredService<ProjectService>()
            .CreateAsync(AnnotateWebFactory.CallerOf(admin, admin: true), new CreateProjectRequest($"Bulk {Guid.NewGuid():N}", null), Ct);
        return project.Id;
    }

    private static Item Sample(int projectId, int i) => new()
    {
        ProjectId = projectId,
        // Non-ASCII, outside the BMP (a surrogate pair), and long enough to outgrow a first UTF-8 buffer.
        Text = $"text {i} — ünïcödé \"quoted\" 😀 \n line" + (i % 500 == 0 ? new string('é', 3_000 + i) : ""),
        ExternalId = i % 3 == 0 ? null : $"ext-{i}",
        MetadataJson = $"{{\"n\":{i}}}",
        SourceKind = "file",
        SourceName = "data.csv",
        SourceRow = i + 1,
        SourceLabel = i % 2 == 0 ? "spam" : null,
        // An empty text must stay empty, not become null.
        GroupKey = i % 6 == 0 ? "" : $"group {i % 4}",
        NearDuplicateExcluded = i % 8 == 0,
        Timestamp = i % 4 == 0 ? null : new DateTime(2024, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddMinutes(i),
        ContentHash = $"{i:x64}",
        PiiFlags = i % 5,
        TokenCount = i % 7 == 0 ? null : i,
        Status = i % 10 == 0 ? ItemStatus.Filtered : ItemStatus.Active,
        ImportJobId = 77,
        CreatedAt = new DateTime(2025, 6, 1, 8, 30, 15, 123, DateTimeKind.Utc),
    };

    [Fact]
    public async Task StoresEveryFieldAsEfReadsIt()
    {
        factory.SkipWhenUnavailable();
        var projectId = await ProjectAsync();
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await using (var inserter = await ItemBulkInserter.BeginAsync(db, Ct))
            {
                for (var i = 0; i < 5_000; i++)
                {
                    await inserter.AddAsync(Sample(projectId, i), Ct);
                }
                await inserter.CompleteAsync(Ct);
                Assert.Equal(5_000, inserter.Count);
            }
            await transaction.CommitAsync(Ct);
        }

        await using var check = await factory.DbFactory.CreateDbContextAsync(Ct);
        var stored = await check.Items.AsNoTracking().Where(i => i.ProjectId == projectId).OrderBy(i => i.SourceRow).ToListAsync(Ct);
        Assert.Equal(5_000, stored.Count);
        for (var i = 0; i < stored.Count; i += 37)
        {
            var expected = Sample(projectId, i);
            var actual = stored[i];
            Assert.Equal(expected.Text, actual.Text);
            Assert.Equal(expected.ExternalId, actual.ExternalId);
            Assert.Equal(expected.MetadataJson, actual.MetadataJson);
            Assert.Equal(expected.SourceLabel, actual.SourceLabel);
            Assert.Equal(expected.GroupKey, actual.GroupKey);
            Assert.Equal(expected.NearDuplicateExcluded, actual.NearDuplicateExcluded);
            Assert.Equal(expected.SourceRow, actual.SourceRow);
            Assert.Equal(expected.ContentHash, actual.ContentHash);
            Assert.Equal(expected.ImportJobId, actual.ImportJobId);
            Assert.Equal(expected.Timestamp, actual.Timestamp);
            Assert.Equal(expected.PiiFlags, actual.PiiFlags);
            Assert.Equal(expected.TokenCount, actual.TokenCount);
            Assert.Equal(expected.Status, actual.Status);
            Assert.Equal(expected.CreatedAt, actual.CreatedAt);
            Assert.Equal(DateTimeKind.Utc, actual.CreatedAt.Kind);
        }
        Assert.Equal(500, await check.Items.CountAsync(i => i.ProjectId == projectId && i.Status == ItemStatus.Filtered, Ct));
    }

    [Fact]
    public async Task ARolledBackInsertLeavesNothing()
    {
        factory.SkipWhenUnavailable();
        var projectId = await ProjectAsync();
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await using var inserter = await ItemBulkInserter.BeginAsync(db, Ct);
            for (var i = 0; i < 100; i++)
            {
                await inserter.AddAsync(Sample(projectId, i), Ct);
            }
            // No Complete, no Commit: as when an import is cancelled or fails.
        }
        await using var check = await factory.DbFactory.CreateDbContextAsync(Ct);
        Assert.Equal(0, await check.Items.CountAsync(i => i.ProjectId == projectId, Ct));
    }

    [Fact]
    public async Task RefusesToRunOutsideATransaction()
    {
        factory.SkipWhenUnavailable();
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => ItemBulkInserter.BeginAsync(db, Ct));
    }
}

public sealed class SqliteItemBulkInserterTests(SqliteWebFactory factory) : ItemBulkInserterTests<SqliteWebFactory>(factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The larger page cache is for the insert only: the connection goes back to the pool afterwards, and
    /// every later user of it would otherwise keep 128 MiB of cache.</summary>
    [Fact]
    public async Task GivesTheConnectionALargerPageCacheOnlyWhileInserting()
    {
        await using var db = await Factory.DbFactory.CreateDbContextAsync(Ct);
        await db.Database.OpenConnectionAsync(Ct);
        var before = await CacheSizeAsync(db);
        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            await using (var inserter = await ItemBulkInserter.BeginAsync(db, Ct))
            {
                Assert.Equal(-ItemBulkInserter.SqliteCacheKibibytes, await CacheSizeAsync(db));
            }
            Assert.Equal(before, await CacheSizeAsync(db));
        }
        Assert.NotEqual(-ItemBulkInserter.SqliteCacheKibibytes, before);
    }

    private static async Task<long> CacheSizeAsync(AnnotateDbContext db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "PRAGMA cache_size";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class PostgresItemBulkInserterTests(PostgresWebFactory factory) : ItemBulkInserterTests<PostgresWebFactory>(factory);
