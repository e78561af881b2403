using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Bulk;
using Annotate.Data.Entities;
using Annotate.Data.Sqlite;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Review;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Annotate.Benchmarks;

/// <summary>
/// Issue 7: deriving every item's final label (what the export reads) on a 100,000-item SQLite project with overlap 3:
/// 60,000 answers from 50 annotators (20,000 complete items, every third with a dissenting answer), 2,000 review
/// decisions, and a weak-label run over every item (40 % of them accepted: confidence 0.8 or more). The ceiling, in the same run, reads the same
/// rows with three prepared queries in item order (item ids; latest answers; the run's weak labels) and derives nothing.
/// <c>dotnet run -c Release --project tests/Annotate.Benchmarks -- --filter '*FinalLabel*'</c>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class FinalLabelBenchmarks
{
    private const int Items = 100_000;
    private const int Annotators = 50;
    private const int CompleteItems = 20_000;
    private const int Decisions = 2_000;

    private string folder = "";
    private string path = "";
    private int projectId;
    private FinalLabelService labels = null!;
    private Annotate.Web.Features.Export.ExportItemReader exportReader = null!;
    private LabelSchema schema = LabelSchema.Empty;
    private SqliteConnection ceilingConnection = null!;
    private SqliteCommand[] ceilingCommands = [];

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("annotate-final-label-bench-").FullName;
        path = Path.Combine(folder, "annotate.db");
        var options = new DbContextOptionsBuilder<SqliteAnnotateDbContext>().UseSqlite($"Data Source={path};Default Timeout=30;Pooling=True").Options;
        var dbFactory = new Factory(new PooledDbContextFactory<SqliteAnnotateDbContext>(options));
        SeedAsync(dbFactory).GetAwaiter().GetResult();
        var access = new ProjectAccessService(dbFactory);
        labels = new FinalLabelService(dbFactory, access, new SchemaService(dbFactory, access, TimeProvider.System));
        exportReader = new Annotate.Web.Features.Export.ExportItemReader(dbFactory);

        ceilingConnection = new SqliteConnection($"Data Source={path}");
        ceilingConnection.Open();
        string[] queries =
        [
            """SELECT "Id" FROM "Items" WHERE "ProjectId" = $project ORDER BY "Id" """,
            """
            SELECT a."ItemId", a."Id", a."AnswerJson" FROM "Annotations" AS a WHERE a."ProjectId" = $project
            AND NOT EXISTS (SELECT 1 FROM "Annotations" AS b WHERE b."ItemId" = a."ItemId" AND b."AnnotatorId" = a."AnnotatorId" AND b."Version" > a."Version")
            ORDER BY a."ItemId"
            """,
            """SELECT "ItemId", "Label", "Confidence" FROM "WeakLabels" WHERE "ProjectId" = $project ORDER BY "RunId", "ItemId" """,
        ];
        ceilingCommands = [.. queries.Select(sql =>
        {
            var command = ceilingConnection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$project", projectId);
            command.Prepare();
            return command;
        })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var command in ceilingCommands)
        {
            command.Dispose();
        }
        ceilingConnection.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public long CeilingReadTheRows()
    {
        long sum = 0;
        foreach (var command in ceilingCommands)
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                sum += reader.GetInt64(0) + (reader.FieldCount > 1 && !reader.IsDBNull(reader.FieldCount - 1) ? reader.GetFieldValue<object>(reader.FieldCount - 1).GetHashCode() & 1 : 0);
            }
        }
        return sum;
    }

    [Benchmark]
    public async Task<int> StreamEveryFinalLabel()
    {
        var labeled = 0;
        await foreach (var label in labels.StreamForJobAsync(projectId, new FinalLabelOptions(IncludeUnlabeled: true), CancellationToken.None))
        {
            labeled += label.Answer is null ? 0 : 1;
        }
        return labeled;
    }

    /// <summary>Issue 8: what the export job reads, the same labels with each item's text and fields as split records.</summary>
    [Benchmark]
    public async Task<int> ReadEveryItemForExport()
    {
        var question = Annotate.Web.Features.Export.ExportService.QuestionsOf(schema)[0];
        var items = await exportReader.ReadAsync(projectId, schema, question, new Annotate.Web.Features.Export.ExportRequest(), null, CancellationToken.None);
        return items.Labeled.Count + items.UnlabeledCount;
    }

    private async Task SeedAsync(IDbContextFactory<AnnotateDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        await AnnotateDatabase.MigrateAsync(db, CancellationToken.None);
        var project = new Project { Name = "final", NormalizedName = "FINAL", CreatedAt = DateTime.UtcNow, Overlap = 3, LeaseMinutes = 30 };
        db.Projects.Add(project);
        var users = Enumerable.Range(0, Annotators + 1).Select(i => new AppUser { UserName = $"u{i}", Email = $"u{i}@example.test", CreatedAt = DateTime.UtcNow }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        projectId = project.Id;
        db.ProjectMembers.AddRange(users.Take(Annotators).Select(u => new ProjectMember { ProjectId = projectId, UserId = u.Id, Roles = ProjectRoles.Annotator, AddedAt = DateTime.UtcNow }));
        schema = new LabelSchema([new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
            [new LabelDefinition("pos", "Positive"), new LabelDefinition("neg", "Negative")])]);
        db.LabelSchemas.Add(new LabelSchemaVersion { ProjectId = projectId, Version = 1, DefinitionJson = LabelingJson.Serialize(schema), CreatedAt = DateTime.UtcNow });
        var run = new WeakLabelRun { ProjectId = projectId, QuestionKey = "sentiment", Model = "majority", FunctionVersionsJson = "[]", ParametersJson = "{}", CreatedAt = DateTime.UtcNow, AcceptThreshold = 0.8 };
        db.WeakLabelRuns.Add(run);
        await db.SaveChangesAsync();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using (var inserter = await ItemBulkInserter.BeginAsync(db, CancellationToken.None))
            {
                for (var i = 1; i <= Items; i++)
                {
                    await inserter.AddAsync(new Item { ProjectId = projectId, Text = $"Item {i}: a short comment to label.", ContentHash = $"h{i}", CreatedAt = DateTime.UtcNow }, CancellationToken.None);
                }
                await inserter.CompleteAsync(CancellationToken.None);
            }
            await transaction.CommitAsync();
        }
        var firstItem = await db.Items.Where(i => i.ProjectId == projectId).MinAsync(i => i.Id);

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var write = connection.CreateCommand();
        var values = string.Join(", ", users.Take(Annotators).Select((u, i) => $"({i}, '{u.Id}')"));
        // Answers: one annotator of every third complete item dissents; reviewers decided 2,000 of those. Weak labels on
        // every item, confidence spread evenly over 0.5 to 1.
        write.CommandText = $"""
            CREATE TEMP TABLE people(k INTEGER PRIMARY KEY, id TEXT);
            INSERT INTO people VALUES {values};
            WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < {CompleteItems * 3})
            INSERT INTO "Assignments" ("ProjectId", "ItemId", "AnnotatorId", "Status", "LeasedAt", "ExpiresAt", "SubmittedAt", "Late")
            SELECT {projectId}, {firstItem} + n / 3, (SELECT id FROM people WHERE k = (n / 3 + n % 3) % {Annotators}), 1, $at, $at, $at, 0 FROM c;
            INSERT INTO "Annotations" ("ProjectId", "ItemId", "AnnotatorId", "AssignmentId", "Version", "SchemaVersion", "AnswerJson", "Source", "CreatedAt", "DurationMs", "Late")
            SELECT "ProjectId", "ItemId", "AnnotatorId", "Id", 1, 1,
                CASE WHEN ("ItemId" - {firstItem}) % 3 = 0 AND ("Id" % 3) = 0 THEN $neg ELSE $pos END, 0, "SubmittedAt", 1000, 0 FROM "Assignments";
            UPDATE "Items" SET "SubmittedCount" = 3 WHERE "Id" < {firstItem + CompleteItems};
            WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < {Decisions})
            INSERT INTO "ReviewTasks" ("ProjectId", "ItemId", "Reason", "Note", "CreatedAt", "Status", "ClosedAt")
            SELECT {projectId}, {firstItem} + n * 3, 0, NULL, $at, 1, $at FROM c;
            INSERT INTO "ReviewDecisions" ("TaskId", "ProjectId", "ItemId", "Outcome", "AnswerJson", "ReviewerId", "CreatedAt", "SchemaVersion")
            SELECT "Id", "ProjectId", "ItemId", 1, $neg, '{users[^1].Id}', $at, 1 FROM "ReviewTasks";
            WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < {Items})
            INSERT INTO "WeakLabels" ("RunId", "ItemId", "ProjectId", "Label", "Confidence", "Entropy", "ProbabilitiesJson", "AnyVote")
            SELECT {run.Id}, {firstItem} + n, {projectId}, CASE WHEN n % 2 = 0 THEN 'pos' ELSE 'neg' END, 0.5 + (n * 7919 % 1000) / 2000.0, 0.5, '[0.5,0.5]', 1 FROM c;
            """;
        write.Parameters.AddWithValue("$pos", LabelingJson.Serialize(new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "pos") })));
        write.Parameters.AddWithValue("$neg", LabelingJson.Serialize(new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "neg") })));
        write.Parameters.AddWithValue("$at", DateTime.UtcNow.AddMinutes(-50).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF"));
        await write.ExecuteNonQueryAsync();
    }

    private sealed class Factory(IDbContextFactory<SqliteAnnotateDbContext> inner) : IDbContextFactory<AnnotateDbContext>
    {
        public AnnotateDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
