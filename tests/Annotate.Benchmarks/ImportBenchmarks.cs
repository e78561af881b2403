using System.Diagnostics;
using System.Globalization;
using System.Text;
using Annotate.Core.Cleaning;
using Annotate.Core.Ingest;
using Annotate.Data;
using Annotate.Data.Bulk;
using Annotate.Data.Entities;
using Annotate.Data.Sqlite;
using Annotate.Web.Features.Cleaning;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Imports.Sources;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;

namespace Annotate.Benchmarks;

/// <summary>
/// Issue 4: importing a 1,000,000-row CSV into SQLite, against the ceiling measured in the same run: Sep parsing the
/// file alone, plus one prepared INSERT of the same rows in one transaction. The import is the product's own loop
/// (<see cref="ItemImporter"/>: read, map, clean, insert, mark exact duplicates), once with cleaning off and once with
/// the defaults (NFKC, PII masking with the original kept, token counts). Each benchmark runs in its own process, so
/// the peak working set it prints is that of the import alone.
/// </summary>
/// <remarks>
/// "The same rows" is meant strictly: the ceiling inserts every column the import fills (20, with the content hash
/// and token count the import computes, made before it is timed), into the same Items table with the same indexes,
/// with the page cache the import's connection gets (<see cref="ItemBulkInserter.SqliteCacheKibibytes"/>). The
/// random content hashes are what makes inserting costly (their index takes a random page per row), so a ceiling
/// without them would measure a different, cheaper insert.
/// </remarks>
[Config(typeof(ImportJobConfig))]
public class ImportBenchmarks
{
    /// <summary>
    /// Three iterations in one process, with the allocator setting the app runs with (launchSettings.json, Dockerfile):
    /// glibc's default of one malloc arena per thread left each import's native memory (SQLite's page cache) in a new
    /// arena, so the peak working set grew by about 90 MB with every import in the same process (449 → 540 MB).
    /// </summary>
    private sealed class ImportJobConfig : ManualConfig
    {
        public ImportJobConfig() => AddJob(BenchmarkDotNet.Jobs.Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0)
            .WithIterationCount(3).WithEnvironmentVariable("MALLOC_ARENA_MAX", "2"));
    }

    private static readonly string[] Vocabulary = [.. Enumerable.Range(0, 5_000).Select(i => $"w{i:x}")];
    private const string CreatedAt = "2026-01-01 00:00:00.1234567";
    private string folder = "";
    private string csvPath = "";
    private string databasePath = "";
    private string[] texts = [];
    private string[] hashes = [];
    private int[] tokens = [];

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup(Targets = [nameof(SepParseOnly), nameof(ImportWithoutCleaning), nameof(ImportWithDefaultCleaning)])]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("annotate-bench-").FullName;
        csvPath = Path.Combine(folder, "comments.csv");
        WriteCsv(csvPath, Rows);
    }

    /// <summary>The ceiling's rows, made before it is timed so that it measures inserting only: the texts the file holds,
    /// their hashes and token counts as the import computes them.</summary>
    [GlobalSetup(Target = nameof(PreparedInsertOnly))]
    public void SetupRowsInMemory()
    {
        folder = Directory.CreateTempSubdirectory("annotate-bench-").FullName;
        var random = new Random(Seed);
        var words = new StringBuilder();
        texts = new string[Rows];
        hashes = new string[Rows];
        tokens = new int[Rows];
        for (var i = 0; i < Rows; i++)
        {
            texts[i] = Comment(random, words);
            hashes[i] = ContentHash.Of(texts[i]);
            tokens[i] = TokenCounter.O200kBase.Count(texts[i]);
        }
    }

    [IterationSetup]
    public void FreshDatabase()
    {
        databasePath = Path.Combine(folder, $"annotate-{Guid.NewGuid():N}.db");
        using var db = Open();
        AnnotateDatabase.MigrateAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        db.Projects.Add(new Project { Name = "bench", NormalizedName = "BENCH", CreatedAt = DateTime.UtcNow });
        db.SaveChanges();
    }

    [IterationCleanup]
    public void DropDatabase()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(folder, "annotate-*.db*"))
        {
            File.Delete(file);
        }
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"// Peak working set so far: {process.PeakWorkingSet64 / (1024 * 1024):N0} MB");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [Benchmark(Description = "ceiling 1/2: Sep parses the file")]
    public long SepParseOnly()
    {
        long characters = 0;
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(csvPath);
        foreach (var row in reader)
        {
            characters += row["text"].Span.Length + row["id"].Span.Length + row["label"].Span.Length;
        }
        return characters;
    }

    [Benchmark(Description = "ceiling 2/2: prepared INSERT of the same rows (20 columns), one transaction")]
    public long PreparedInsertOnly()
    {
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {-ItemBulkInserter.SqliteCacheKibibytes}");
            pragma.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // The values every row shares are literals; a ceiling binds only what varies.
        command.CommandText = """
            INSERT INTO "Items" ("ProjectId", "ExternalId", "Text", "OriginalText", "MetadataJson", "SourceKind", "SourceName",
                "SourceRow", "GroupKey", "Timestamp", "ContentHash", "SourceLabel", "DuplicateOfId", "NearDuplicateGroupId",
                "NearDuplicateExcluded", "PiiFlags", "TokenCount", "Status", "ImportJobId", "SubmittedCount", "CreatedAt")
            VALUES (1, $id, $text, NULL, NULL, 'file', 'comments.csv', $row, NULL, NULL, $hash, $label, NULL, NULL, 0, 0, $tokens,
                0, 1, 0, $created)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var text = command.Parameters.Add("$text", SqliteType.Text);
        var row = command.Parameters.Add("$row", SqliteType.Integer);
        var hash = command.Parameters.Add("$hash", SqliteType.Text);
        var label = command.Parameters.Add("$label", SqliteType.Text);
        var tokenCount = command.Parameters.Add("$tokens", SqliteType.Integer);
        var created = command.Parameters.Add("$created", SqliteType.Text);
        command.Prepare();
        created.Value = CreatedAt;
        for (var i = 0; i < Rows; i++)
        {
            id.Value = (i + 1).ToString(CultureInfo.InvariantCulture);
            text.Value = texts[i];
            row.Value = i + 1;
            hash.Value = hashes[i];
            label.Value = (i + 1) % 5 == 0 ? "spam" : "ham";
            tokenCount.Value = tokens[i];
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        return Rows;
    }

    [Benchmark(Description = "import, cleaning off (read, map, hash, count tokens, insert, mark duplicates)")]
    public Task<long> ImportWithoutCleaning() => ImportAsync(CleaningOff);

    [Benchmark(Description = "import, default cleaning (NFKC, PII masked with original kept, tokens)")]
    public Task<long> ImportWithDefaultCleaning() => ImportAsync(ProjectCleaning.Defaults);

    private async Task<long> ImportAsync(CleaningOptions cleaning)
    {
        await using var db = Open();
        await using var source = await FileImportSource.OpenAsync(csvPath, "comments.csv", null, CancellationToken.None);
        var target = new ImportTarget(1, 1, DateTime.UtcNow, new ProjectCleaning(cleaning));
        var outcome = await ItemImporter.ImportAsync(db, target, source, new FieldMapping("text", IdField: "id", LabelField: "label"),
            BadRowPolicy.RejectFile, null, CancellationToken.None);
        if (outcome.Imported != Rows)
        {
            throw new InvalidOperationException($"imported {outcome.Imported} of {Rows} rows; problems: {string.Join("; ", outcome.Problems.Take(3))}");
        }
        return outcome.Imported;
    }

    private SqliteAnnotateDbContext Open() =>
        new(new DbContextOptionsBuilder<SqliteAnnotateDbContext>().UseSqlite($"Data Source={databasePath}").Options);

    private const int Seed = 7;

    /// <summary>No normalisation, HTML or PII handling; token counts and content hashes are still computed.</summary>
    internal static CleaningOptions CleaningOff { get; } =
        new(Normalize: false, HtmlToText: false, Pii: PiiHandling.Keep, Dedupe: DedupeMode.Exact);

    /// <summary>Comments of 8 to 30 words (about 110 characters on average).</summary>
    internal static void WriteCsv(string path, int rows)
    {
        var random = new Random(Seed);
        var words = new StringBuilder();
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        writer.Write("id,text,label\n");
        for (var i = 1; i <= rows; i++)
        {
            writer.Write(i);
            writer.Write(",\"");
            writer.Write(Comment(random, words));
            writer.Write("\",");
            writer.Write(i % 5 == 0 ? "spam" : "ham");
            writer.Write('\n');
        }
    }

    internal static string Comment(Random random, StringBuilder words)
    {
        words.Clear();
        var count = random.Next(8, 31);
        for (var w = 0; w < count; w++)
        {
            if (w > 0)
            {
                words.Append(' ');
            }
            words.Append(Vocabulary[random.Next(Vocabulary.Length)]);
        }
        return words.ToString();
    }
}
