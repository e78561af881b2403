using System.Diagnostics;
using System.Globalization;
using System.Text;
using Annotate.Core.Cleaning;
using Annotate.Core.Ingest;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Data.Sqlite;
using Annotate.Web.Features.Cleaning;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Imports.Sources;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
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
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class ImportBenchmarks
{
    private static readonly string[] Vocabulary = [.. Enumerable.Range(0, 5_000).Select(i => $"w{i:x}")];
    private string folder = "";
    private string csvPath = "";
    private string databasePath = "";

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("annotate-bench-").FullName;
        csvPath = Path.Combine(folder, "comments.csv");
        WriteCsv(csvPath, Rows);
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

    [Benchmark(Description = "ceiling 2/2: prepared INSERT of the same rows, one transaction")]
    public long PreparedInsertOnly()
    {
        // The rows are made in memory while inserting, so that only the insert is measured, not parsing.
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO \"Items\" (\"ProjectId\", \"Text\", \"ExternalId\", \"SourceLabel\", \"SourceKind\", \"SourceName\", \"SourceRow\", \"CreatedAt\", \"PiiFlags\", \"Status\", \"NearDuplicateExcluded\") " +
            "VALUES (1, $text, $id, $label, 'file', 'comments.csv', $row, $created, 0, 0, 0)";
        var text = command.Parameters.Add("$text", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var label = command.Parameters.Add("$label", SqliteType.Text);
        var row = command.Parameters.Add("$row", SqliteType.Integer);
        var created = command.Parameters.Add("$created", SqliteType.Text);
        command.Prepare();
        var random = new Random(7);
        var words = new StringBuilder();
        for (var i = 1; i <= Rows; i++)
        {
            text.Value = Comment(random, words);
            id.Value = i.ToString(CultureInfo.InvariantCulture);
            label.Value = i % 5 == 0 ? "spam" : "ham";
            row.Value = i;
            created.Value = "2026-01-01 00:00:00";
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        return Rows;
    }

    [Benchmark(Description = "import, cleaning off (read, map, hash, count tokens, insert, mark duplicates)")]
    public Task<long> ImportWithoutCleaning() =>
        ImportAsync(new CleaningOptions(Normalize: false, HtmlToText: false, Pii: PiiHandling.Keep, Dedupe: DedupeMode.Exact));

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

    /// <summary>Comments of 8 to 30 words (about 110 characters on average), 1 in 50 repeating an earlier one.</summary>
    private static void WriteCsv(string path, int rows)
    {
        var random = new Random(7);
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

    private static string Comment(Random random, StringBuilder words)
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
