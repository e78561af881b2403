using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Annotate.Core.Export.Splits;
using Annotate.Core.Jobs;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Export;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Review;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.Review;
using Annotate.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Annotate.Web.Tests.Review.ReviewProject;

namespace Annotate.Web.Tests.Export;

/// <summary>The export job and its endpoints through the real app: labels and their sources, splits, the zip, access.</summary>
public abstract class ExportTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ExportService Exports => factory.Services.GetRequiredService<ExportService>();

    private JobService Jobs => factory.Services.GetRequiredService<JobService>();

    /// <summary>A project whose one annotator labeled <paramref name="labeled"/> of <paramref name="items"/> items: 3 of 5 pos, 1 neg, 1 neu.</summary>
    private async Task<ReviewProject> LabeledProjectAsync(int items, int labeled)
    {
        var p = await CreateAsync(factory, items, overlap: 1, annotators: 1);
        for (var i = 0; i < labeled; i++)
        {
            await p.AnswerNextAsync(p.Annotators[0], Label((i % 5) switch { < 3 => "pos", 3 => "neg", _ => "neu" }));
        }
        return p;
    }

    private async Task<JobDto> RunAsync(ReviewProject p, ExportRequest request)
    {
        var queued = await Exports.StartAsync(p.Manager, p.ProjectId, request, Ct);
        return await Eventually.ReturnsAsync(() => Jobs.GetAsync(p.Manager, p.ProjectId, queued.Id, Ct), j => j.IsFinal, "the export to finish");
    }

    private static JsonElement Manifest(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        return JsonDocument.Parse(reader.ReadToEnd()).RootElement.Clone();
    }

    private static List<JsonElement> Lines(byte[] zip, string path)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.GetEntry(path)!.Open());
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    [Fact]
    public async Task AManagerExportsAStratifiedSplitAndDownloadsTheZipWithItsManifest()
    {
        factory.SkipWhenUnavailable();
        var p = await LabeledProjectAsync(items: 60, labeled: 50);
        using var client = await factory.SignInAsync(await p.UserAsync(p.Manager));

        using var start = await client.PostAsJsonAsync($"/api/projects/{p.ProjectId}/exports", new ExportRequest(IncludeUnlabeled: true), AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var queued = (await start.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        var done = await Eventually.ReturnsAsync(() => Jobs.GetAsync(p.Manager, p.ProjectId, queued.Id, Ct), j => j.IsFinal, "the export to finish");
        Assert.True(done.Status == JobStatus.Succeeded, done.Error);

        var zip = await client.GetByteArrayAsync($"/api/projects/{p.ProjectId}/exports/{done.Id}/download", Ct);
        var manifest = Manifest(zip);
        Assert.Equal(p.ProjectId, manifest.GetProperty("project_id").GetInt32());
        Assert.Equal("stratified", manifest.GetProperty("strategy").GetString());
        Assert.Equal(50, manifest.GetProperty("items").GetInt32());
        // 30 pos, 10 neg, 10 neu over 80/10/10: every split's class count within one of the ideal, and the files agree.
        var perClass = new Dictionary<string, int> { ["pos"] = 30, ["neg"] = 10, ["neu"] = 10 };
        foreach (var split in manifest.GetProperty("splits").EnumerateArray())
        {
            var name = split.GetProperty("name").GetString()!;
            var ratio = split.GetProperty("ratio").GetDouble();
            var lines = Lines(zip, $"{name}.jsonl");
            Assert.Equal(split.GetProperty("written").GetInt32(), lines.Count);
            foreach (var (label, count) in perClass)
            {
                var written = split.GetProperty("classes").GetProperty(label).GetInt32();
                Assert.InRange(written, Math.Floor(count * ratio), Math.Ceiling(count * ratio));
                Assert.Equal(written, lines.Count(l => l.GetProperty("label").GetString() == label));
            }
        }
        // The 10 unanswered items went to their own file, listed with its hash.
        Assert.Equal(10, Lines(zip, ExportJob.UnlabeledFile).Count);
        var listed = manifest.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == ExportJob.UnlabeledFile);
        Assert.Equal(10, listed.GetProperty("rows").GetInt32());

        var past = (await client.GetFromJsonAsync<List<PastExport>>($"/api/projects/{p.ProjectId}/exports", AnnotateJson.Options, Ct))!;
        var entry = Assert.Single(past);
        Assert.Equal(done.Id, entry.JobId);
        Assert.Equal(50, entry.Items);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(zip)), entry.Sha256);
        Assert.Equal(40, entry.SplitSizes["train"]);
        var manifestText = await client.GetStringAsync($"/api/projects/{p.ProjectId}/exports/{done.Id}/manifest", Ct);
        Assert.Equal(manifest.GetRawText(), JsonDocument.Parse(manifestText).RootElement.GetRawText());
    }

    [Fact]
    public async Task TheSameSettingsAndSeedOnUnchangedDataGiveTheSameZipAndAnotherSeedDoesNot()
    {
        factory.SkipWhenUnavailable();
        var p = await LabeledProjectAsync(items: 40, labeled: 40);
        var request = new ExportRequest(Format: "hf", Balance: Annotate.Core.Export.Balancing.BalanceMode.Oversample, Seed: 7);

        var first = await RunAsync(p, request);
        var second = await RunAsync(p, request);
        var other = await RunAsync(p, request with { Seed = 8 });

        var past = (await Exports.ListAsync(p.Manager, p.ProjectId, Ct)).ToDictionary(e => e.JobId);
        Assert.Equal(past[first.Id].Sha256, past[second.Id].Sha256);
        Assert.NotEqual(past[first.Id].Sha256, past[other.Id].Sha256);
        var (path, _) = await Exports.GetZipAsync(p.Manager, p.ProjectId, second.Id, Ct);
        using var zip = ZipFile.OpenRead(path);
        Assert.Contains(zip.Entries, e => e.FullName == "data/train.jsonl");
        Assert.Contains(zip.Entries, e => e.FullName == "README.md");
    }

    [Fact]
    public async Task WithTheDefaultOrderEveryItemGetsItsFinalLabel()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 12, overlap: 2, annotators: 2);
        // Items answered alike by both (consensus), differently (unresolved), by one, gold, and one decided by a reviewer.
        for (var i = 0; i < 8; i++)
        {
            await p.AnswerNextAsync(p.Annotators[0], Label(i % 2 == 0 ? "pos" : "neg"));
        }
        for (var i = 0; i < 6; i++)
        {
            await p.AnswerNextAsync(p.Annotators[1], Label(i < 3 ? (i % 2 == 0 ? "pos" : "neg") : "neu"));
        }
        await p.Gold.SetAsync(p.Manager, p.ProjectId, p.ItemIds[^1], new SetGoldRequest(Label("neu")), Ct);
        var final = new Dictionary<string, string>();
        await foreach (var label in p.FinalLabels.StreamAsync(p.Manager, p.ProjectId, null, Ct))
        {
            final[label.ItemId.ToString(System.Globalization.CultureInfo.InvariantCulture)] = label.Answer!.Questions["sentiment"].Label!;
        }

        var done = await RunAsync(p, new ExportRequest(Strategy: SplitStrategy.Random, Train: 1, Validation: 0, Test: 0));

        Assert.True(done.Status == JobStatus.Succeeded, done.Error);
        var (path, _) = await Exports.GetZipAsync(p.Manager, p.ProjectId, done.Id, Ct);
        var exported = Lines(await File.ReadAllBytesAsync(path, Ct), "train.jsonl")
            .ToDictionary(l => l.GetProperty("id").GetString()!, l => l.GetProperty("label").GetString()!);
        Assert.Equal(final.OrderBy(x => x.Key), exported.OrderBy(x => x.Key));
        Assert.True(final.Count >= 5, $"only {final.Count} final labels");
    }

    [Fact]
    public async Task TheSourceOrderAndTheWeakThresholdDecideWhichLabelAnItemGets()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 6, overlap: 1, annotators: 1);
        var answered = await p.AnswerNextAsync(p.Annotators[0], Label("pos"));
        await p.Gold.SetAsync(p.Manager, p.ProjectId, answered, new SetGoldRequest(Label("neg")), Ct);
        var unanswered = p.ItemIds.Where(id => id != answered).ToList();
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            var run = new WeakLabelRun { ProjectId = p.ProjectId, QuestionKey = "sentiment", Model = "majority", FunctionVersionsJson = "[]", ParametersJson = "{}",
                CreatedAt = DateTime.UtcNow, AcceptThreshold = 0.9 };
            db.WeakLabelRuns.Add(run);
            await db.SaveChangesAsync(Ct);
            // Confident on the first unanswered item, unsure on the second.
            db.WeakLabels.Add(new WeakLabel { RunId = run.Id, ProjectId = p.ProjectId, ItemId = unanswered[0], Label = "neu", Confidence = 0.95, AnyVote = true, ProbabilitiesJson = "[0.05,0,0.95]" });
            db.WeakLabels.Add(new WeakLabel { RunId = run.Id, ProjectId = p.ProjectId, ItemId = unanswered[1], Label = "pos", Confidence = 0.6, AnyVote = true, ProbabilitiesJson = "[0.6,0.2,0.2]" });
            await db.SaveChangesAsync(Ct);
        }
        async Task<Dictionary<long, (string Label, string Source)>> ExportAsync(ExportRequest request)
        {
            var done = await RunAsync(p, request with { Strategy = SplitStrategy.Random, Train = 1, Validation = 0, Test = 0 });
            Assert.True(done.Status == JobStatus.Succeeded, done.Error);
            var (path, _) = await Exports.GetZipAsync(p.Manager, p.ProjectId, done.Id, Ct);
            return Lines(await File.ReadAllBytesAsync(path, Ct), "train.jsonl").ToDictionary(
                l => long.Parse(l.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                l => (l.GetProperty("label").GetString()!, l.GetProperty("label_source").GetString()!));
        }

        var byDefault = await ExportAsync(new ExportRequest());
        Assert.Equal(("neg", "gold"), byDefault[answered]);
        Assert.Equal(("neu", "weak"), byDefault[unanswered[0]]);
        Assert.Equal(2, byDefault.Count);

        var annotatorFirst = await ExportAsync(new ExportRequest(Sources: [FinalLabelSource.Single, FinalLabelSource.Gold]));
        Assert.Equal(("pos", "single"), Assert.Single(annotatorFirst).Value);

        var lowThreshold = await ExportAsync(new ExportRequest(Sources: [FinalLabelSource.Weak], WeakThreshold: 0.5));
        Assert.Equal([unanswered[0], unanswered[1]], lowThreshold.Keys.Order());
        Assert.Equal(("pos", "weak"), lowThreshold[unanswered[1]]);
    }

    [Fact]
    public async Task GroupsAndNearDuplicatesNeverCrossSplitsWithTheGroupStrategy()
    {
        factory.SkipWhenUnavailable();
        var p = await LabeledProjectAsync(items: 60, labeled: 60);
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            // Items 0-29 come in groups of three by key; items 30-59 in near-duplicate groups of five.
            for (var i = 0; i < 30; i++)
            {
                var id = p.ItemIds[i];
                var key = $"author-{i / 3}";
                await db.Items.Where(x => x.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.GroupKey, key), Ct);
            }
            for (var i = 30; i < 60; i++)
            {
                var id = p.ItemIds[i];
                long? group = p.ItemIds[30 + (i - 30) / 5 * 5];
                await db.Items.Where(x => x.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.NearDuplicateGroupId, group), Ct);
            }
        }

        var done = await RunAsync(p, new ExportRequest(Strategy: SplitStrategy.Group));

        Assert.True(done.Status == JobStatus.Succeeded, done.Error);
        var (path, _) = await Exports.GetZipAsync(p.Manager, p.ProjectId, done.Id, Ct);
        var zip = await File.ReadAllBytesAsync(path, Ct);
        Assert.Equal(0, Manifest(zip).GetProperty("deviation").GetProperty("groups_across_splits").GetInt32());
        var splitOf = new[] { "train", "validation", "test" }
            .SelectMany(s => Lines(zip, $"{s}.jsonl").Select(l => (Id: long.Parse(l.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture), Split: s)))
            .ToDictionary(x => x.Id, x => x.Split);
        Assert.Equal(60, splitOf.Count);
        for (var i = 0; i < 30; i += 3)
        {
            Assert.Single(p.ItemIds.Skip(i).Take(3).Select(id => splitOf[id]).Distinct());
        }
        for (var i = 30; i < 60; i += 5)
        {
            Assert.Single(p.ItemIds.Skip(i).Take(5).Select(id => splitOf[id]).Distinct());
        }
    }

    [Fact]
    public async Task AFailedExportNamesTheItemAndLeavesNoZip()
    {
        factory.SkipWhenUnavailable();
        var p = await LabeledProjectAsync(items: 10, labeled: 10);

        // No item has a timestamp, so a time-ordered split cannot be made.
        var done = await RunAsync(p, new ExportRequest(Strategy: SplitStrategy.Time));

        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Contains("timestamp", done.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(p.ItemIds[0].ToString(System.Globalization.CultureInfo.InvariantCulture), done.Error, StringComparison.Ordinal);
        var folder = factory.Services.GetRequiredService<AnnotatePaths>().Exports(p.ProjectId);
        Assert.True(!Directory.Exists(folder) || Directory.GetFiles(folder).Length == 0, string.Join(", ", Directory.Exists(folder) ? Directory.GetFiles(folder) : []));
        Assert.Empty(await Exports.ListAsync(p.Manager, p.ProjectId, Ct));
    }

    [Fact]
    public async Task ACancelledExportStopsAndLeavesNoZip()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 0, overlap: 1, annotators: 1);
        // Labeled items (gold answers are the quickest to store).
        const int Items = 2_000;
        await ItemSeeder.SeedAsync(factory, p.ProjectId, Enumerable.Range(0, Items).Select(i => new Item { Text = $"Text {i}", ContentHash = $"c{i}" }));
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            var ids = await db.Items.Where(i => i.ProjectId == p.ProjectId).Select(i => i.Id).ToListAsync(Ct);
            db.GoldItems.AddRange(ids.Select(id => new GoldItem { ProjectId = p.ProjectId, ItemId = id, AnswerJson = Annotate.Core.Labeling.LabelingJson.Serialize(Label(id % 2 == 0 ? "pos" : "neg")), SetById = p.Manager.UserId, SetAt = DateTime.UtcNow }));
            await db.SaveChangesAsync(Ct);
        }

        // The job is run here, not by the runner, so that the cancel lands while it works whatever the machine's speed:
        // its first progress report (after counting, before reading) cancels it, as Cancel in the UI does.
        long jobId;
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            var row = new Job
            {
                ProjectId = p.ProjectId, Kind = ExportJob.JobKind, Status = JobStatus.Running, CreatedById = p.Manager.UserId,
                ParametersJson = JsonSerializer.Serialize(new ExportRequest(), JsonSerializerOptions.Web), CreatedAt = DateTime.UtcNow,
            };
            db.Jobs.Add(row);
            await db.SaveChangesAsync(Ct);
            jobId = row.Id;
        }
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            var row = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId, Ct);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var reports = 0;
            var context = new JobContext(factory.Services.GetRequiredService<JobHandlers>().ToDto(row, null), row.CreatedById, row.ParametersJson,
                factory.DbFactory, _ =>
                {
                    reports++;
                    cancel.Cancel();
                }, cancel);
            var job = factory.Services.GetServices<IJobHandler>().OfType<ExportJob>().Single();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(context, cancel.Token));
            Assert.Equal(1, reports);
        }

        var folder = factory.Services.GetRequiredService<AnnotatePaths>().Exports(p.ProjectId);
        Assert.True(!Directory.Exists(folder) || Directory.GetFiles(folder).Length == 0, string.Join(", ", Directory.Exists(folder) ? Directory.GetFiles(folder) : []));
        Assert.Empty(await Exports.ListAsync(p.Manager, p.ProjectId, Ct));
    }

    [Fact]
    public async Task BadSettingsAreRefusedNamingTheField()
    {
        factory.SkipWhenUnavailable();
        var p = await LabeledProjectAsync(items: 4, labeled: 0);
        using var client = await factory.SignInAsync(await p.UserAsync(p.Manager));

        async Task<ValidationProblemDetails> RefusedAsync(ExportRequest request)
        {
            using var response = await client.PostAsJsonAsync($"/api/projects/{p.ProjectId}/exports", request, AnnotateJson.Options, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!;
        }

        var ratios = await RefusedAsync(new ExportRequest(Train: 0.8, Validation: 0.1, Test: 0.05));
        Assert.Contains("95%", Assert.Single(ratios.Errors[nameof(ExportRequest.Test)]), StringComparison.Ordinal);
        var format = await RefusedAsync(new ExportRequest(Format: "xlsx"));
        Assert.Contains("'xlsx'", Assert.Single(format.Errors[nameof(ExportRequest.Format)]), StringComparison.Ordinal);
        var template = await RefusedAsync(new ExportRequest(Format: "openai-chat", ChatSystem: "Answer with {label_names"));
        Assert.Contains("never closes", Assert.Single(template.Errors[nameof(ExportRequest.ChatSystem)]), StringComparison.Ordinal);
        var label = await RefusedAsync(new ExportRequest(Labels: ["spam"]));
        Assert.Contains("'spam'", Assert.Single(label.Errors[nameof(ExportRequest.Labels)]), StringComparison.Ordinal);
        Assert.Empty(await Exports.ListAsync(p.Manager, p.ProjectId, Ct));
    }

    [Fact]
    public async Task OnlyManagersOfTheProjectMayExportListOrDownload()
    {
        factory.SkipWhenUnavailable();
        var a = await LabeledProjectAsync(items: 10, labeled: 10);
        var b = await LabeledProjectAsync(items: 10, labeled: 10);
        var done = await RunAsync(b, new ExportRequest(Strategy: SplitStrategy.Random));
        Assert.Equal(JobStatus.Succeeded, done.Status);
        var urls = new[] { $"/api/projects/{b.ProjectId}/exports", $"/api/projects/{b.ProjectId}/exports/{done.Id}/manifest", $"/api/projects/{b.ProjectId}/exports/{done.Id}/download" };

        // A Manager of project A is not a member of B: B does not exist for them.
        using var otherManager = await factory.SignInAsync(await a.UserAsync(a.Manager));
        foreach (var url in urls)
        {
            using var response = await otherManager.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        // Nor can they reach B's export through their own project's id.
        using (var viaA = await otherManager.GetAsync($"/api/projects/{a.ProjectId}/exports/{done.Id}/download", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, viaA.StatusCode);
        }
        // B's annotator and reviewer are members, but not Managers.
        foreach (var member in new[] { b.Annotators[0], b.Reviewer })
        {
            using var client = await factory.SignInAsync(await b.UserAsync(member));
            foreach (var url in urls)
            {
                using var response = await client.GetAsync(url, Ct);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
            using var start = await client.PostAsJsonAsync($"/api/projects/{b.ProjectId}/exports", new ExportRequest(), AnnotateJson.Options, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        }
        using var anonymous = factory.CreateAnonymousClient();
        using (var response = await anonymous.GetAsync(urls[2], Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task ThePreviewGivesTheCountsTheExportWillHave()
    {
        factory.SkipWhenUnavailable();
        var p = await LabeledProjectAsync(items: 30, labeled: 25);
        var request = new ExportRequest(Balance: Annotate.Core.Export.Balancing.BalanceMode.Undersample);

        var preview = await Exports.PreviewAsync(p.Manager, p.ProjectId, request, Ct);
        var done = await RunAsync(p, request);

        var exported = Assert.Single(await Exports.ListAsync(p.Manager, p.ProjectId, Ct));
        Assert.Equal(done.Id, exported.JobId);
        Assert.Equal(25, preview.Items);
        Assert.Equal(5, preview.Unlabeled);
        Assert.Equal(JsonSerializer.Serialize(exported.Summary.Splits), JsonSerializer.Serialize(preview.Splits));
        Assert.Equal(JsonSerializer.Serialize(exported.Summary.Balance), JsonSerializer.Serialize(preview.Balance));
        // Undersampling evens train's classes; the imbalance before is pos against the smaller classes.
        Assert.Equal(1.0, preview.Balance.ImbalanceRatioAfter);
        Assert.True(preview.Balance.ImbalanceRatioBefore > 2);
    }
}

public sealed class SqliteExportTests(SqliteWebFactory factory) : ExportTests<SqliteWebFactory>(factory);

public sealed class PostgresExportTests(PostgresWebFactory factory) : ExportTests<PostgresWebFactory>(factory);
