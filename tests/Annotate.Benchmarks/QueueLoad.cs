using System.Collections.Concurrent;
using System.Diagnostics;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Bulk;
using Annotate.Data.Entities;
using Annotate.Data.Sqlite;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Annotate.Benchmarks;

/// <summary>
/// Issue 5: the queue's server-side latency with 50 annotators at once on a 100,000-item SQLite project, overlap 3.
/// Each simulated annotator loops next → (think) → submit through <see cref="QueueService"/>, exactly what the HTTP
/// endpoints call. Latency percentiles are not what BenchmarkDotNet reports, so this is a load driver:
/// <c>dotnet run -c Release --project tests/Annotate.Benchmarks -- queue-load [seconds] [think-ms]</c>. In the same
/// run it measures the ceiling: one prepared SQLite read + write transaction on the same file, one at a time.
/// </summary>
public static class QueueLoad
{
    private const int Items = 100_000;
    private const int Annotators = 50;

    /// <summary>The first seconds (everyone starting at once, code not yet compiled) are not counted.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1]) : 60;
        var thinkMs = args.Length > 2 ? int.Parse(args[2]) : 0;
        var folder = Directory.CreateTempSubdirectory("annotate-queue-load-").FullName;
        var path = Path.Combine(folder, "annotate.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteAnnotateDbContext>().UseSqlite($"Data Source={path};Default Timeout=30;Pooling=True").Options;
            var factory = new PooledDbContextFactory<SqliteAnnotateDbContext>(options);
            var (projectId, users) = await SeedAsync(factory);
            var dbFactory = new Factory(factory);
            var time = TimeProvider.System;
            var access = new ProjectAccessService(dbFactory);
            var schemas = new SchemaService(dbFactory, access, time);
            var gate = new StoreWriteGate(DatabaseProvider.Sqlite);
            var bus = new Annotate.Web.Realtime.ProjectEventBus(Microsoft.Extensions.Logging.Abstractions.NullLogger<Annotate.Web.Realtime.ProjectEventBus>.Instance);
            var queue = new QueueService(dbFactory, access, schemas, gate, bus, new Annotate.Web.Features.Review.ReviewRoutingService(dbFactory, access, schemas, gate, bus, time), time);

            var ceiling = Ceiling(path, 2_000);
            var next = new ConcurrentBag<double>();
            var submit = new ConcurrentBag<double>();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var answer = new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "pos") });
            var clock = Stopwatch.StartNew();
            // Each annotator on its own task: the store's calls complete synchronously on SQLite, so without Task.Run
            // one simulated annotator would run on until it first has to wait.
            ThreadPool.SetMinThreads(Annotators + 8, Annotators + 8);
            await Task.WhenAll(users.Select((user, index) => Task.Run(async () =>
            {
                var caller = new Caller(user, false);
                var random = new Random(index);
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    var item = await queue.NextAsync(caller, projectId, null, false, CancellationToken.None);
                    if (clock.Elapsed > WarmUp)
                    {
                        next.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    if (item is null)
                    {
                        break;
                    }
                    if (thinkMs > 0)
                    {
                        // Think time: how long a person looks at the item (not a wait for a condition).
                        await Task.Delay(random.Next(thinkMs / 2, thinkMs * 3 / 2));
                    }
                    started = Stopwatch.GetTimestamp();
                    await queue.SubmitAsync(caller, projectId, item.ItemId, new SubmitRequest(answer), CancellationToken.None);
                    if (clock.Elapsed > WarmUp)
                    {
                        submit.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            })));
            var elapsed = (clock.Elapsed - WarmUp).TotalSeconds;
            Console.WriteLine($"# Queue load: {Annotators} annotators, {Items:N0} items, overlap 3, SQLite, think time {thinkMs} ms (±50 %), {elapsed:N0} s measured after {WarmUp.TotalSeconds:N0} s of warm-up");
            Console.WriteLine($"| operation | count | p50 ms | p99 ms | max ms |");
            Console.WriteLine($"| --- | --- | --- | --- | --- |");
            Row("next", next);
            Row("submit", submit);
            Row("ceiling: one prepared read + write transaction", ceiling);
            Console.WriteLine($"throughput: {submit.Count / elapsed:N0} submissions/s; p99 next / p99 ceiling = {Percentile(next, 0.99) / Percentile(ceiling, 0.99):N1}, p99 submit / p99 ceiling = {Percentile(submit, 0.99) / Percentile(ceiling, 0.99):N1}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Row(string name, IReadOnlyCollection<double> values) =>
        Console.WriteLine($"| {name} | {values.Count:N0} | {Percentile(values, 0.5):N2} | {Percentile(values, 0.99):N2} | {values.Max():N2} |");

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>One prepared transaction at a time: read an item's row by key, insert one row, commit.</summary>
    private static List<double> Ceiling(string path, int count)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS ceiling_probe (id INTEGER PRIMARY KEY, item INTEGER, at TEXT)";
            create.ExecuteNonQuery();
        }
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT \"Text\" FROM \"Items\" WHERE \"Id\" = $id";
        var id = read.Parameters.Add("$id", SqliteType.Integer);
        using var write = connection.CreateCommand();
        write.CommandText = "INSERT INTO ceiling_probe (item, at) VALUES ($item, $at)";
        var item = write.Parameters.Add("$item", SqliteType.Integer);
        var at = write.Parameters.Add("$at", SqliteType.Text);
        read.Prepare();
        write.Prepare();
        var latencies = new List<double>(count);
        var random = new Random(1);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var transaction = connection.BeginTransaction();
            read.Transaction = transaction;
            write.Transaction = transaction;
            id.Value = random.Next(1, Items + 1);
            read.ExecuteScalar();
            item.Value = id.Value;
            at.Value = DateTime.UtcNow.ToString("O");
            write.ExecuteNonQuery();
            transaction.Commit();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return latencies;
    }

    private static async Task<(int ProjectId, List<string> Users)> SeedAsync(IDbContextFactory<SqliteAnnotateDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        await AnnotateDatabase.MigrateAsync(db, CancellationToken.None);
        var project = new Project { Name = "queue", NormalizedName = "QUEUE", CreatedAt = DateTime.UtcNow, Overlap = 3, LeaseMinutes = 30 };
        db.Projects.Add(project);
        var users = Enumerable.Range(0, Annotators).Select(i => new AppUser { UserName = $"a{i}", Email = $"a{i}@example.test", CreatedAt = DateTime.UtcNow }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        db.ProjectMembers.AddRange(users.Select(u => new ProjectMember { ProjectId = project.Id, UserId = u.Id, Roles = ProjectRoles.Annotator, AddedAt = DateTime.UtcNow }));
        var schema = new LabelSchema([new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
            [new LabelDefinition("pos", "Positive"), new LabelDefinition("neg", "Negative")])]);
        db.LabelSchemas.Add(new LabelSchemaVersion { ProjectId = project.Id, Version = 1, DefinitionJson = LabelingJson.Serialize(schema), CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using (var inserter = await ItemBulkInserter.BeginAsync(db, CancellationToken.None))
            {
                for (var i = 1; i <= Items; i++)
                {
                    await inserter.AddAsync(new Item { ProjectId = project.Id, Text = $"Item {i}: a short comment to label.", ContentHash = $"h{i}", CreatedAt = DateTime.UtcNow }, CancellationToken.None);
                }
                await inserter.CompleteAsync(CancellationToken.None);
            }
            await transaction.CommitAsync();
        }
        return (project.Id, users.Select(u => u.Id).ToList());
    }

    private sealed class Factory(IDbContextFactory<SqliteAnnotateDbContext> inner) : IDbContextFactory<AnnotateDbContext>
    {
        public AnnotateDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
