using Annotate.Core.Export;
using Annotate.Core.Export.Formats;
using Annotate.Core.Export.Splits;
using BenchmarkDotNet.Attributes;

namespace Annotate.Benchmarks;

/// <summary>
/// Issue 8's goal: a stratified 3-way split plus JSONL write of 1,000,000 items at no less than half the speed of
/// writing the same items as JSONL without splitting (the ceiling, measured in the same run). Both write through
/// the same hashing sink into a stream that discards the bytes, so the disk's noise stays out.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ExportBenchmarks
{
    private const int Items = 1_000_000;
    private List<SplitRecord> records = null!;
    private ExportDataset unsplit = null!;

    [GlobalSetup]
    public void Setup()
    {
        var texts = SyntheticCorpus.Documents(Items, wordsPerDocument: 20, nearDuplicateShare: 0, seed: 8);
        var random = new Random(8);
        // Six classes, skewed like TREC's coarse labels (the smallest about 2 %).
        double[] shares = [0.02, 0.21, 0.23, 0.22, 0.15, 0.17];
        records = new List<SplitRecord>(Items);
        string[] labels = ["class0", "class1", "class2", "class3", "class4", "class5"];
        for (var i = 0; i < Items; i++)
        {
            var u = random.NextDouble();
            var c = 0;
            while (c < shares.Length - 1 && u >= shares[c])
            {
                u -= shares[c];
                c++;
            }
            records.Add(new SplitRecord($"item-{i:D7}", texts[i], [labels[c]])
            {
                Metadata = new Dictionary<string, string?> { ["source"] = $"file{i % 10}.csv" },
            });
        }
        unsplit = new ExportDataset([new ExportSplit(SplitName.Train, [.. records.Select(r => new ExportItem(r))])], ["class0", "class1", "class2", "class3", "class4", "class5"], isMultiLabel: false, metadataFields: ["source"]);
    }

    [Benchmark(Baseline = true, Description = "ceiling: write every item as JSONL, no split")]
    public Task<IReadOnlyList<ExportedFile>> JsonlOnly() =>
        new JsonlFormat().WriteAsync(unsplit, new DiscardingSink(), ExportFormatOptions.Default, CancellationToken.None);

    [Benchmark(Description = "stratified 80/10/10 split + JSONL write + manifest")]
    public Task<ExportResult> StratifiedExport() =>
        DatasetExporter.ExportAsync(records, new ExportSettings { Split = new SplitOptions { Strategy = SplitStrategy.Stratified, Seed = 42 }, MetadataFields = ["source"] }, new DiscardingSink(), CancellationToken.None);

    private sealed class DiscardingSink : IExportSink
    {
        public Stream Create(string path) => Stream.Null;
    }
}
