using System.Security.Cryptography;
using System.Text.Json;
using Annotate.Core.Export;
using Annotate.Core.Export.Balancing;
using Annotate.Core.Export.Formats;
using Annotate.Core.Export.Splits;

namespace Annotate.Core.Tests.Export;

public class DatasetExporterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Formats => [.. ExportFormats.Names.Where(n => n != "preference")];

    private static ExportSettings Settings(string format, long seed = 42) => new()
    {
        Split = new SplitOptions { Strategy = SplitStrategy.Stratified, Seed = seed },
        Balance = new BalanceOptions { Mode = BalanceMode.Oversample },
        Format = format,
        Manifest = new ManifestInfo { Project = "Spam filter", Filters = new Dictionary<string, string> { ["source"] = "all", ["labels"] = "final" } },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task TheSameInputSettingsAndSeedGiveTheSameBytes(string format)
    {
        var records = ExportFixture.SingleLabel(200);
        var first = new MemorySink();
        var second = new MemorySink();

        await DatasetExporter.ExportAsync(records, Settings(format), first, Token);
        // A fresh copy of the same records: nothing may depend on object identity or hashing.
        await DatasetExporter.ExportAsync([.. records.Select(r => r with { })], Settings(format), second, Token);

        Assert.Equal(first.Paths, second.Paths);
        Assert.Contains(ManifestBuilder.FileName, first.Paths);
        foreach (var path in first.Paths)
        {
            Assert.Equal(first.Bytes(path), second.Bytes(path));
        }
    }

    [Fact]
    public async Task AnotherSeedGivesOtherSplits()
    {
        var records = ExportFixture.SingleLabel(200);
        var first = new MemorySink();
        var second = new MemorySink();

        await DatasetExporter.ExportAsync(records, Settings("jsonl", seed: 1), first, Token);
        await DatasetExporter.ExportAsync(records, Settings("jsonl", seed: 2), second, Token);

        Assert.NotEqual(first.Bytes("test.jsonl"), second.Bytes("test.jsonl"));
    }

    [Fact]
    public async Task AZipOfTheSameExportHasTheSameBytes()
    {
        var records = ExportFixture.SingleLabel(200);

        var first = await ZipAsync(records);
        var second = await ZipAsync(records);

        Assert.Equal(first, second);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(first));
        Assert.Equal(["data/train.jsonl", "data/validation.jsonl", "data/test.jsonl", "README.md", "manifest.json"], zip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task TheManifestDescribesTheFilesAndTheCountsInThem()
    {
        var records = ExportFixture.SingleLabel(200);
        var sink = new MemorySink();

        var result = await DatasetExporter.ExportAsync(records, Settings("jsonl"), sink, Token);

        Assert.Equal(result.ManifestJson, sink.Bytes(ManifestBuilder.FileName));
        using var manifest = JsonDocument.Parse(result.ManifestJson);
        var root = manifest.RootElement;
        Assert.Equal(ManifestBuilder.SchemaVersion, root.GetProperty("schema_version").GetInt32());
        Assert.Equal("Spam filter", root.GetProperty("project").GetString());
        Assert.Equal("stratified", root.GetProperty("strategy").GetString());
        Assert.Equal(42, root.GetProperty("seed").GetInt64());
        Assert.Equal("final", root.GetProperty("filters").GetProperty("labels").GetString());
        Assert.False(root.TryGetProperty("created_at", out _));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("code_version").GetString()));

        foreach (var file in root.GetProperty("files").EnumerateArray())
        {
            var bytes = sink.Bytes(file.GetProperty("path").GetString()!);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Length, file.GetProperty("bytes").GetInt64());
        }
        foreach (var split in root.GetProperty("splits").EnumerateArray())
        {
            var lines = sink.Text(split.GetProperty("name").GetString() + ".jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(lines.Length, split.GetProperty("written").GetInt32());
            var perClass = lines.GroupBy(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()!).ToDictionary(g => g.Key, g => g.Count());
            foreach (var count in split.GetProperty("classes").EnumerateObject())
            {
                Assert.Equal(perClass.GetValueOrDefault(count.Name), count.Value.GetInt32());
            }
        }
        var balance = root.GetProperty("balance");
        Assert.Equal("oversample", balance.GetProperty("mode").GetString());
        Assert.Equal(1.0, balance.GetProperty("imbalance_ratio_after").GetDouble());
        Assert.True(balance.GetProperty("imbalance_ratio_before").GetDouble() > 1);
        var weights = root.GetProperty("class_weights").GetProperty("weights").EnumerateArray().ToList();
        Assert.Equal(result.Plan.Classes, weights.Select(w => w.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task ACreationTimeIsWrittenOnlyWhenGiven()
    {
        var settings = Settings("jsonl") with { Manifest = new ManifestInfo { CreatedAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(1)) } };

        var result = await DatasetExporter.ExportAsync(ExportFixture.SingleLabel(20), settings, new MemorySink(), Token);

        Assert.Equal("2026-11-25T09:00:00Z", JsonDocument.Parse(result.ManifestJson).RootElement.GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task FilesTheCallerWroteAreListedInTheManifestWithTheirHash()
    {
        var sink = new MemorySink();
        var extra = await ExportFiles.WriteAsync(sink, "unlabeled.jsonl", null, async (stream, ct) =>
        {
            await stream.WriteAsync("{\"id\":\"u1\"}\n"u8.ToArray(), ct);
            return 1;
        }, Token);
        var settings = Settings("jsonl") with { ExtraFiles = [extra], Manifest = new ManifestInfo { Project = "Spam filter", ProjectId = 7 } };

        var result = await DatasetExporter.ExportAsync(ExportFixture.SingleLabel(20), settings, sink, Token);

        var root = JsonDocument.Parse(result.ManifestJson).RootElement;
        Assert.Equal(7, root.GetProperty("project_id").GetInt32());
        var listed = root.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "unlabeled.jsonl");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(sink.Bytes("unlabeled.jsonl"))), listed.GetProperty("sha256").GetString());
        Assert.Equal(1, listed.GetProperty("rows").GetInt64());
        Assert.False(listed.TryGetProperty("split", out _));
    }

    private static async Task<byte[]> ZipAsync(List<SplitRecord> records)
    {
        using var output = new MemoryStream();
        using (var sink = new ZipExportSink(output))
        {
            await DatasetExporter.ExportAsync(records, Settings("hf"), sink, Token);
        }
        return output.ToArray();
    }
}
