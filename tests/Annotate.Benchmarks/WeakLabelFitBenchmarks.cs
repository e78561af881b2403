using Annotate.Core.Jobs;
using Annotate.Core.Labeling;
using Annotate.Core.Tests.WeakSupervision;
using Annotate.Core.WeakSupervision;
using Annotate.Data;
using Annotate.Data.Bulk;
using Annotate.Data.Entities;
using Annotate.Data.Sqlite;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Review;
using Annotate.Web.Features.WeakSupervision;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Annotate.Benchmarks;

/// <summary>
/// Issue 6: the fit job (<see cref="FitLabelModelJob"/>, what runs after every apply) on a 100,000-item SQLite project
/// with 10 labeling functions and their stored votes: read the votes into a matrix, fit the model, write a weak label
/// per item in one transaction and delete the previous run's. The ceiling, in the same run, reads the same votes with
/// one prepared query, then in one transaction inserts the same weak-label rows with one prepared INSERT and deletes
/// the previous run's (the store's share of the work: the tables and their indexes).
/// <c>dotnet run -c Release --project tests/Annotate.Benchmarks -- --filter '*WeakLabelFit*'</c>
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class WeakLabelFitBenchmarks
{
    private const int Items = 100_000;
    private const int Functions = 10;

    private string folder = "";
    private string path = "";
    private int projectId;
    private Factory dbFactory = null!;
    private FitLabelModelJob job = null!;
    private long jobId;

    [Params(LabelModelKind.MajorityVote, LabelModelKind.MatrixCompletion)]
    public LabelModelKind Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("annotate-fit-bench-").FullName;
        path = Path.Combine(folder, "annotate.db");
        var options = new DbContextOptionsBuilder<SqliteAnnotateDbContext>().UseSqlite($"Data Source={path};Default Timeout=30;Pooling=True").Options;
        dbFactory = new Factory(new PooledDbContextFactory<SqliteAnnotateDbContext>(options));
        SeedAsync().GetAwaiter().GetResult();
        var time = TimeProvider.System;
        var access = new ProjectAccessService(dbFactory);
        var schemas = new SchemaService(dbFactory, access, time);
        var bus = new ProjectEventBus(NullLogger<ProjectEventBus>.Instance);
        // No auto-accept threshold here, so the routing after the fit only reads the project's settings.
        var routing = new ReviewRoutingService(dbFactory, access, schemas, new StoreWriteGate(DatabaseProvider.Sqlite), bus, time);
        job = new FitLabelModelJob(dbFactory, schemas, routing, bus, time);
        // Every measured fit replaces a previous run, as a refit after an apply does.
        FitJob().GetAwaiter().GetResult();
        using var db = dbFactory.CreateDbContext();
        rows = [.. db.WeakLabels.AsNoTracking().Where(w => w.ProjectId == projectId).OrderBy(w => w.ItemId)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "ceiling: read the votes; insert the same weak labels, delete the previous run's, commit (prepared, one transaction)")]
    public long Ceiling()
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        long sum = 0;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = """SELECT "FunctionVersionId", "ItemId", "Label" FROM "LfVotes" WHERE "ProjectId" = $project""";
            read.Parameters.AddWithValue("$project", projectId);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                sum += reader.GetInt32(0) + reader.GetInt64(1) + reader.GetString(2).Length;
            }
        }
        using var transaction = connection.BeginTransaction();
        using (var run = connection.CreateCommand())
        {
            run.Transaction = transaction;
            run.CommandText = """
                INSERT INTO "WeakLabelRuns" ("ProjectId", "QuestionKey", "Model", "Seed", "FunctionVersionsJson", "ParametersJson", "Items", "Covered", "CreatedAt")
                VALUES ($project, 'kind', 'ceiling', 0, '[]', '{}', 0, 0, '2026-01-01 00:00:00');
                SELECT last_insert_rowid();
                """;
            run.Parameters.AddWithValue("$project", projectId);
            var runId = (long)run.ExecuteScalar()!;
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO "WeakLabels" ("RunId", "ItemId", "ProjectId", "Label", "Confidence", "Entropy", "ProbabilitiesJson", "AnyVote")
                VALUES ($run, $item, $project, $label, $confidence, $entropy, $json, $any)
                """;
            insert.Parameters.AddWithValue("$run", runId);
            var item = insert.Parameters.Add("$item", SqliteType.Integer);
            insert.Parameters.AddWithValue("$project", projectId);
            var label = insert.Parameters.Add("$label", SqliteType.Text);
            var confidence = insert.Parameters.Add("$confidence", SqliteType.Real);
            var entropy = insert.Parameters.Add("$entropy", SqliteType.Real);
            var json = insert.Parameters.Add("$json", SqliteType.Text);
            var any = insert.Parameters.Add("$any", SqliteType.Integer);
            insert.Prepare();
            foreach (var row in rows)
            {
                item.Value = row.ItemId;
                label.Value = (object?)row.Label ?? DBNull.Value;
                confidence.Value = row.Confidence;
                entropy.Value = row.Entropy;
                json.Value = row.ProbabilitiesJson;
                any.Value = row.AnyVote;
                insert.ExecuteNonQuery();
            }
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = """DELETE FROM "WeakLabels" WHERE "RunId" IN (SELECT "Id" FROM "WeakLabelRuns" WHERE "ProjectId" = $project AND "Id" < $run)""";
            delete.Parameters.AddWithValue("$project", projectId);
            delete.Parameters.AddWithValue("$run", runId);
            sum += delete.ExecuteNonQuery();
        }
        // Committed like the job's (a commit writes every page the inserts and deletes touched): the store is left with
        // one run of 100,000 weak labels, as before.
        transaction.Commit();
        return sum;
    }

    [Benchmark(Description = "fit job: read votes, fit, write 100,000 weak labels, drop the previous run's")]
    public async Task<string> FitJob()
    {
        using var cancellation = new CancellationTokenSource();
        var state = new JobDto(jobId, projectId, FitLabelModelJob.JobKind, "Fit", JobStatus.Running, 0, 0, 0, null, null, null, DateTime.UtcNow, DateTime.UtcNow, null, false);
        var context = new JobContext(state, null, null, dbFactory, _ => { }, cancellation);
        return await job.RunAsync(context, cancellation.Token);
    }

    private long firstItem;

    /// <summary>The weak labels the job writes, for the ceiling to insert the very same rows (entropies in the same order matter to the index).</summary>
    private List<WeakLabel> rows = [];

    private async Task SeedAsync()
    {
        await using var db = dbFactory.CreateDbContext();
        await AnnotateDatabase.MigrateAsync(db, CancellationToken.None);
        var project = new Project
        {
            Name = "fit", NormalizedName = "FIT", CreatedAt = DateTime.UtcNow,
            WeakSupervisionJson = new WeakSupervisionSettings(Model).ToJson(),
        };
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        projectId = project.Id;
        var schema = new LabelSchema([new QuestionDefinition("kind", "Spam?", QuestionKind.Single, [new("ham", "Ham"), new("spam", "Spam")])]);
        db.LabelSchemas.Add(new LabelSchemaVersion { ProjectId = projectId, Version = 1, DefinitionJson = LabelingJson.Serialize(schema), CreatedAt = DateTime.UtcNow });
        var functions = Enumerable.Range(0, Functions).Select(j => new LabelingFunction
        {
            ProjectId = projectId, Name = $"lf{j}", QuestionKey = "kind", CurrentVersion = 1, CreatedAt = DateTime.UtcNow,
            Versions = [new LabelingFunctionVersion { ProjectId = projectId, Version = 1, RuleJson = "{}", CreatedAt = DateTime.UtcNow }],
        }).ToList();
        db.LabelingFunctions.AddRange(functions);
        var job = new Job { ProjectId = projectId, Kind = FitLabelModelJob.JobKind, Status = JobStatus.Running, CreatedAt = DateTime.UtcNow };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        jobId = job.Id;

        // LF accuracies 0.6–0.9, coverages 0.05–0.30 (1.75 votes per item), a 70/30 class prior.
        var votes = SyntheticVotes.Generate(Items, [0.7, 0.3], SyntheticVotes.Spread(Functions, 0.6, 0.9), SyntheticVotes.Spread(Functions, 0.05, 0.3), seed: 42).Matrix;
        string[] labels = ["ham", "spam"];
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using (var inserter = await ItemBulkInserter.BeginAsync(db, CancellationToken.None))
        {
            for (var i = 1; i <= Items; i++)
            {
                await inserter.AddAsync(new Item { ProjectId = projectId, Text = $"Comment {i}", ContentHash = $"h{i}", CreatedAt = DateTime.UtcNow }, CancellationToken.None);
            }
            await inserter.CompleteAsync(CancellationToken.None);
        }
        firstItem = await db.Items.Where(i => i.ProjectId == projectId).MinAsync(i => i.Id);
        await using (var inserter = await BulkInserter<LfVote>.BeginAsync(db, CancellationToken.None))
        {
            for (var i = 0; i < Items; i++)
            {
                foreach (var cell in votes.VotesOf(i).ToArray())
                {
                    await inserter.AddAsync(new LfVote
                    {
                        FunctionVersionId = functions[votes.LfOf(cell)].Versions[0].Id,
                        ItemId = firstItem + i,
                        ProjectId = projectId,
                        Label = labels[votes.LabelOf(cell)],
                    }, CancellationToken.None);
                }
            }
            await inserter.CompleteAsync(CancellationToken.None);
        }
        await transaction.CommitAsync();
        var last = firstItem + Items - 1;
        await db.LabelingFunctionVersions.Where(v => v.ProjectId == projectId).ExecuteUpdateAsync(u => u.SetProperty(v => v.AppliedThroughItemId, last));
    }

    private sealed class Factory(IDbContextFactory<SqliteAnnotateDbContext> inner) : IDbContextFactory<AnnotateDbContext>
    {
        public AnnotateDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
