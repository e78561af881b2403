using System.Diagnostics;
using System.Globalization;
using Annotate.Core.Cleaning;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Data.Sqlite;
using Annotate.Web.Features.Cleaning;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Imports.Sources;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Benchmarks;

/// <summary>
/// Where an import's time goes, on the file <see cref="ImportBenchmarks"/> imports: each stage alone (reading, each
/// cleaning step over the texts, the ceiling's insert) and then the whole import, with wall-clock and processor time.
/// A quick stopwatch driver for working on the import, not a benchmark: one run, no statistics. Processor time is
/// the steadier figure when the machine is shared; an import on two free cores takes about the larger of its
/// inserting stage and half its processor time.
/// </summary>
internal static class ImportStages
{
    // dotnet run -c Release --project tests/Annotate.Benchmarks -- import-stages [rows] [import-only]
    // import-only skips the single stages, for a profiler (dotnet-trace collect -- dotnet Annotate.Benchmarks.dll …).
    public static async Task RunAsync(string[] args)
    {
        var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var importOnly = args.Length > 2 && args[2] == "import-only";
        var folder = Directory.CreateTempSubdirectory("annotate-stages-").FullName;
        var csv = Path.Combine(folder, "comments.csv");
        ImportBenchmarks.WriteCsv(csv, rows);
        try
        {
            Console.WriteLine($"{rows:N0} rows, {new FileInfo(csv).Length / (1024 * 1024):N0} MB; seconds, wall and processor, and managed memory allocated:");
            if (importOnly)
            {
                await TimeAsync("import, default cleaning", () => ImportAsync(folder, csv, rows, ProjectCleaning.Defaults));
                PrintProcessFigures();
                return;
            }
            var texts = new List<string>(rows);
            await TimeAsync("read and map the records", async () =>
            {
                await using var source = await FileImportSource.OpenAsync(csv, "comments.csv", null, CancellationToken.None);
                await foreach (var record in source.ReadAsync(CancellationToken.None))
                {
                    texts.Add(record.Result.Record!.Fields["text"]!);
                }
            });
            _ = TokenCounter.O200kBase.Count("load the vocabulary before timing");
            Time("content hashes", () => texts.ForEach(t => ContentHash.Of(t)));
            Time("token counts", () => texts.ForEach(t => TokenCounter.O200kBase.Count(t)));
            Time("NFKC and whitespace", () => texts.ForEach(t => TextNormalizer.Normalize(t, NormalizeOptions.Default)));
            Time("PII detection", () => texts.ForEach(t => PiiDetector.Find(t)));
            var off = new ProjectCleaning(ImportBenchmarks.CleaningOff);
            var defaults = new ProjectCleaning(ProjectCleaning.Defaults);
            Time("cleaning off, per item", () => texts.ForEach(t => off.Apply(new Item { Text = t })));
            Time("default cleaning, per item", () => texts.ForEach(t => defaults.Apply(new Item { Text = t })));
            texts.Clear();

            var bench = new ImportBenchmarks { Rows = rows };
            bench.SetupRowsInMemory();
            bench.FreshDatabase();
            Time("ceiling: prepared INSERT", () => bench.PreparedInsertOnly());
            bench.DropDatabase();
            bench.Cleanup();

            await TimeAsync("import, cleaning off", () => ImportAsync(folder, csv, rows, ImportBenchmarks.CleaningOff));
            await TimeAsync("import, default cleaning", () => ImportAsync(folder, csv, rows, ProjectCleaning.Defaults));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        PrintProcessFigures();
    }

    private static void PrintProcessFigures()
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"peak working set {process.PeakWorkingSet64 / (1024 * 1024):N0} MB (this process ran every stage); " +
            $"garbage collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalSeconds:F1} s");
    }

    private static void Time(string what, Action action) => TimeAsync(what, () =>
    {
        action();
        return Task.CompletedTask;
    }).GetAwaiter().GetResult();

    private static async Task TimeAsync(string what, Func<Task> action)
    {
        using var process = Process.GetCurrentProcess();
        var processor = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await action();
        process.Refresh();
        Console.WriteLine($"  {what,-28} {clock.Elapsed.TotalSeconds,7:F2} {(process.TotalProcessorTime - processor).TotalSeconds,7:F2}" +
            $" {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1024 * 1024),7:N0} MB allocated");
    }

    private static async Task ImportAsync(string folder, string csv, int rows, CleaningOptions cleaning)
    {
        var options = new DbContextOptionsBuilder<SqliteAnnotateDbContext>()
            .UseSqlite($"Data Source={Path.Combine(folder, $"annotate-{Guid.NewGuid():N}.db")}").Options;
        await using (var setup = new SqliteAnnotateDbContext(options))
        {
            await AnnotateDatabase.MigrateAsync(setup, CancellationToken.None);
            setup.Projects.Add(new Project { Name = "bench", NormalizedName = "BENCH", CreatedAt = DateTime.UtcNow });
            await setup.SaveChangesAsync();
        }
        await using var db = new SqliteAnnotateDbContext(options);
        await using var source = await FileImportSource.OpenAsync(csv, "comments.csv", null, CancellationToken.None);
        var outcome = await ItemImporter.ImportAsync(db, new ImportTarget(1, 1, DateTime.UtcNow, new ProjectCleaning(cleaning)), source,
            new FieldMapping("text", IdField: "id", LabelField: "label"), BadRowPolicy.RejectFile, null, CancellationToken.None);
        if (outcome.Imported != rows)
        {
            throw new InvalidOperationException($"imported {outcome.Imported} of {rows} rows");
        }
    }
}
