using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Bulk;
using Annotate.Data.Entities;
using Annotate.Data.Sqlite;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.Queue.Dashboard;
using Annotate.Web.Infrastructure;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Annotate.Benchmarks;

/// <summary>
/// Issue 5: the Manager's dashboard and the by-metadata-field queue order on a 100,000-item SQLite project with
/// overlap 3, 50 annotators and 60,000 submitted answers (20,000 items complete). The ceiling, in the same run, is one
/// prepared query that reads every queue item's row once (what any count of the queue must do). The queue orders
/// are compared by one <c>next</c> + <c>skip</c> of an annotator who has not started (each call claims a fresh item).
/// <c>dotnet run -c Release --project tests/Annotate.Benchmarks -- --filter '*QueueDashboard*'</c>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class QueueDashboardBenchmarks
{
    private const int Items = 100_000;
    private const int Annotators = 50;
    private const int CompleteItems = 20_000;

    private string folder = "";
    private string path = "";
    private int projectId;
    private Caller manager = null!;
    private Caller newcomer = null!;
    private QueueService queue = null!;
    private QueueDashboardService dashboard = null!;
    private SqliteConnection ceilingConnection = null!;
    private SqliteCommand ceilingCommand = null!;

    [GlobalSetup(Targets = [nameof(Dashboard), nameof(CeilingReadEveryQueueItem), nameof(NextAndSkipLeastAnnotated)])]
    public void SetupLeastAnnotated() => Setup(QueueOrder.LeastAnnotated, null);

    [GlobalSetup(Target = nameof(NextAndSkipRandom))]
    public void SetupRandom() => Setup(QueueOrder.Random, null);

    [GlobalSetup(Target = nameof(NextAndSkipByMetadataField))]
    public void SetupByField() => Setup(QueueOrder.MetadataField, "priority");

    private void Setup(QueueOrder order, string? field)
    {
        folder = Directory.CreateTempSubdirectory("annotate-dashboard-bench-").FullName;
        path = Path.Combine(folder, "annotate.db");
        var options = new DbContextOptionsBuilder<SqliteAnnotateDbContext>().UseSqlite($"Data Source={path};Default Timeout=30;Pooling=True").Options;
        var dbFactory = new Factory(new PooledDbContextFactory<SqliteAnnotateDbContext>(options));
        SeedAsync(dbFactory).GetAwaiter().GetResult();
        var time = TimeProvider.System;
        var access = new ProjectAccessService(dbFactory);
        var schemas = new SchemaService(dbFactory, access, time);
        var gate = new StoreWriteGate(DatabaseProvider.Sqlite);
        var bus = new Annotate.Web.Realtime.ProjectEventBus(Microsoft.Extensions.Logging.Abstractions.NullLogger<Annotate.Web.Realtime.ProjectEventBus>.Instance);
        queue = new QueueService(dbFactory, access, schemas, gate, bus, new Annotate.Web.Features.Review.ReviewRoutingService(dbFactory, access, schemas, gate, bus, time), time);
        dashboard = new QueueDashboardService(dbFactory, access, new SchemaService(dbFactory, access, time), time);
        queue.SaveSettingsAsync(manager, projectId, new QueueSettings(3, 30, order, 42, field, Descending: true), CancellationToken.None).GetAwaiter().GetResult();

        ceilingConnection = new SqliteConnection($"Data Source={path}");
        ceilingConnection.Open();
        ceilingCommand = ceilingConnection.CreateCommand();
        ceilingCommand.CommandText = """
            SELECT COUNT(*), SUM("SubmittedCount" >= 3) FROM "Items"
            WHERE "ProjectId" = $project AND "Status" = 0 AND "DuplicateOfId" IS NULL
            """;
        ceilingCommand.Parameters.AddWithValue("$project", projectId);
        ceilingCommand.Prepare();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ceilingCommand.Dispose();
        ceilingConnection.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public long CeilingReadEveryQueueItem()
    {
        using var reader = ceilingCommand.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) + reader.GetInt64(1);
    }

    [Benchmark]
    public async Task<int> Dashboard() => (await dashboard.GetAsync(manager, projectId, CancellationToken.None)).Annotators.Count;

    [Benchmark]
    public Task<long> NextAndSkipLeastAnnotated() => NextAndSkipAsync();

    [Benchmark]
    public Task<long> NextAndSkipRandom() => NextAndSkipAsync();

    [Benchmark]
    public Task<long> NextAndSkipByMetadataField() => NextAndSkipAsync();

    private async Task<long> NextAndSkipAsync()
    {
        var item = await queue.NextAsync(newcomer, projectId, null, false, CancellationToken.None)
            ?? throw new InvalidOperationException("The queue ran dry.");
        await queue.SkipAsync(newcomer, projectId, item.ItemId, new SkipRequest(), CancellationToken.None);
        return item.ItemId;
    }

    private async Task SeedAsync(IDbContextFactory<AnnotateDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        await AnnotateDatabase.MigrateAsync(db, CancellationToken.None);
        var project = new Project { Name = "dashboard", NormalizedName = "DASHBOARD", CreatedAt = DateTime.UtcNow, Overlap = 3, LeaseMinutes = 30 };
        db.Projects.Add(project);
        var users = Enumerable.Range(0, Annotators + 2).Select(i => new AppUser { UserName = $"u{i}", Email = $"u{i}@example.test", CreatedAt = DateTime.UtcNow }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        projectId = project.Id;
        manager = new Caller(users[^1].Id, false);
        newcomer = new Caller(users[^2].Id, false);
        db.ProjectMembers.AddRange(users.Take(Annotators + 1).Select(u => new ProjectMember { ProjectId = projectId, UserId = u.Id, Roles = ProjectRoles.Annotator, AddedAt = DateTime.UtcNow }));
        db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = manager.UserId, Roles = ProjectRoles.Manager, AddedAt = DateTime.UtcNow });
        var schema = new LabelSchema([new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
            [new LabelDefinition("pos", "Positive"), new LabelDefinition("neg", "Negative")])]);
        db.LabelSchemas.Add(new LabelSchemaVersion { ProjectId = projectId, Version = 1, DefinitionJson = LabelingJson.Serialize(schema), CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();

        long firstItem;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using (var inserter = await ItemBulkInserter.BeginAsync(db, CancellationToken.None))
            {
                for (var i = 1; i <= Items; i++)
                {
                    // Priorities as imported (text), a number on most items, missing on every tenth.
                    var metadata = i % 10 == 0 ? """{"source":"web"}""" : $$"""{"source":"web","priority":"{{i * 7919 % 1000}}"}""";
                    await inserter.AddAsync(new Item { ProjectId = projectId, Text = $"Item {i}: a short comment to label.", ContentHash = $"h{i}", MetadataJson = metadata, CreatedAt = DateTime.UtcNow }, CancellationToken.None);
                }
                await inserter.CompleteAsync(CancellationToken.None);
            }
            await transaction.CommitAsync();
        }
        firstItem = await db.Items.Where(i => i.ProjectId == projectId).MinAsync(i => i.Id);

        // 20,000 items answered by 3 annotators each, over the last 50 minutes, timed 1 to 21 s.
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var write = connection.CreateCommand();
        var values = string.Join(", ", users.Take(Annotators).Select((u, i) => $"({i}, '{u.Id}')"));
        write.CommandText = $"""
            CREATE TEMP TABLE people(k INTEGER PRIMARY KEY, id TEXT);
            INSERT INTO people VALUES {values};
            WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < {CompleteItems * 3})
            INSERT INTO "Assignments" ("ProjectId", "ItemId", "AnnotatorId", "Status", "LeasedAt", "ExpiresAt", "SubmittedAt", "Late")
            SELECT {projectId}, {firstItem} + n / 3, (SELECT id FROM people WHERE k = (n / 3 + n % 3) % {Annotators}), 1, $at, $at, $at, 0 FROM c;
            INSERT INTO "Annotations" ("ProjectId", "ItemId", "AnnotatorId", "AssignmentId", "Version", "SchemaVersion", "AnswerJson", "Source", "CreatedAt", "DurationMs", "Late")
            SELECT "ProjectId", "ItemId", "AnnotatorId", "Id", 1, 1, $answer, 0, "SubmittedAt", 1000 + ("Id" * 7919) % 20000, 0 FROM "Assignments";
            UPDATE "Items" SET "SubmittedCount" = 3 WHERE "Id" < {firstItem + CompleteItems};
            """;
        write.Parameters.AddWithValue("$answer", LabelingJson.Serialize(new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "pos") })));
        write.Parameters.AddWithValue("$at", DateTime.UtcNow.AddMinutes(-50).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF"));
        await write.ExecuteNonQueryAsync();
    }

    private sealed class Factory(IDbContextFactory<SqliteAnnotateDbContext> inner) : IDbContextFactory<AnnotateDbContext>
    {
        public AnnotateDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
