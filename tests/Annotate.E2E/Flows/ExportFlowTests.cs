using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using ProjectPage = Annotate.E2E.Pages.ProjectPage;
using Annotate.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>A Manager exports a labeled project as a stratified 80/10/10 Hugging Face folder, watches it run and checks the zip.</summary>
public sealed class ExportFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    private const string Password = "Manager12345";

    // Large enough that reading the labels and writing the zip take more than a few progress reports.
    private const int ItemCount = 40_000;

    private static readonly string[] Labels = ["positive", "negative", "neutral"];

    [Fact]
    public async Task AManagerExportsAStratifiedHuggingFaceSplitAndDownloadsItsZip()
    {
        var adminId = await App.EnsureUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var admin = new Caller(adminId, IsAdmin: true);
        var projectId = await App.CreateProjectAsync(adminId, "Support tickets", "Sentiment of support tickets.", CancellationToken);
        await App.Services.GetRequiredService<SchemaService>().SaveAsync(admin, projectId, new LabelSchema(
            [new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
                [new("positive", "Positive", "#43a047"), new("negative", "Negative", "#e53935"), new("neutral", "Neutral", "#757575")])]), CancellationToken);
        var managerId = await App.CreateUserAsync("export-manager@example.test", Password, isAdmin: false, CancellationToken);
        await App.Services.GetRequiredService<ProjectService>().SetMemberAsync(admin, projectId, new SetMemberRequest("export-manager@example.test", ProjectRoles.Manager), CancellationToken);
        var annotatorId = await App.CreateUserAsync("export-annotator@example.test", Password, isAdmin: false, CancellationToken);
        await ItemSeeder.SeedAsync(App, projectId, ItemCount, CancellationToken);
        // Every item but the last 1,000 answered once: 6 in 10 positive, 3 negative, 1 neutral.
        var expected = await AnnotateAsync(projectId, annotatorId, ItemCount - 1_000);
        var labeled = expected.Values.Sum();

        var session = await OpenSessionAsync();
        await ProgressRecorder.InstallAsync(session.Context);
        await new LoginPage(session).GotoAsync();
        await new LoginPage(session).LogInAsync("export-manager@example.test", Password);
        await new ProjectPage(session, projectId).GotoAsync("export");
        var export = new ExportTabPage(session);
        await Expect(export.Form).ToBeVisibleAsync();
        await Expect(export.PastExports).ToHaveCountAsync(0);
        await export.ChooseAsync(export.Format, "Hugging Face dataset folder");
        await Screenshots.SaveAsync(session.Page, "export-01-settings");

        await export.Start.ClickAsync();
        await Expect(export.Progress).ToBeVisibleAsync();
        await session.Page.WaitForFunctionAsync(
            "() => (window.__progress ?? []).some(s => s.source === 'export' && s.value > 0 && s.value < 1 || s.status === 'Failed')", null, new() { Timeout = 60_000 });
        await Screenshots.SaveAsync(session.Page, "export-02-running");
        await Expect(export.Download).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Expect(export.Chart).ToBeVisibleAsync();
        await Expect(export.PastDownload).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(session.Page, "export-03-done");

        var samples = (await ProgressRecorder.ReadAsync(session.Page)).Where(s => s.Source == "export").ToList();
        var moving = samples.Where(s => s.Value is > 0 and < 1).Select(s => s.Value).Distinct().ToList();
        Assert.True(moving.Count >= 2, "The export's bar should move; it showed: " +
            string.Join(", ", samples.Select(s => $"{s.Value.ToString("0.000", CultureInfo.InvariantCulture)} {s.Status}")));

        await Interact.ClickUntilVisibleAsync(session.Page.GetByTestId("past-export-manifest"), session.Page.GetByTestId("manifest-json"));
        await Expect(session.Page.GetByTestId("manifest-json")).ToContainTextAsync("\"schema_version\": 1");
        await Screenshots.SaveAsync(session.Page, "export-04-manifest");
        await session.Page.Keyboard.PressAsync("Escape");
        await Expect(session.Page.GetByTestId("manifest-json")).ToHaveCountAsync(0);

        var download = await session.Page.RunAndWaitForDownloadAsync(() => export.Download.ClickAsync());
        var zipPath = Path.Combine(Path.GetTempPath(), $"annotate-export-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(zipPath);
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            foreach (var file in new[] { "data/train.jsonl", "data/validation.jsonl", "data/test.jsonl", "README.md", "manifest.json" })
            {
                Assert.NotNull(zip.GetEntry(file));
            }
            using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
            var root = manifest.RootElement;
            Assert.Equal("hf", root.GetProperty("format").GetString());
            Assert.Equal("stratified", root.GetProperty("strategy").GetString());
            Assert.Equal(labeled, root.GetProperty("items").GetInt32());
            var total = 0;
            foreach (var split in root.GetProperty("splits").EnumerateArray())
            {
                var ratio = split.GetProperty("ratio").GetDouble();
                Assert.Equal(split.GetProperty("name").GetString() switch { "train" => 0.8, _ => 0.1 }, ratio, 6);
                foreach (var (label, count) in expected)
                {
                    var written = split.GetProperty("classes").GetProperty(label).GetInt32();
                    Assert.InRange(written, Math.Floor(count * ratio), Math.Ceiling(count * ratio));
                }
                var lines = CountLines(zip.GetEntry($"data/{split.GetProperty("name").GetString()}.jsonl")!);
                Assert.Equal(split.GetProperty("written").GetInt32(), lines);
                total += lines;
            }
            Assert.Equal(labeled, total);
        }
        finally
        {
            File.Delete(zipPath);
        }
        AssertNoServerErrors();
    }

    private static int CountLines(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        var count = 0;
        while (reader.ReadLine() is { Length: > 0 })
        {
            count++;
        }
        return count;
    }

    /// <summary>One answer per item for the first <paramref name="count"/> items, by raw SQL (EF would take a minute); returns the items per label.</summary>
    private async Task<Dictionary<string, int>> AnnotateAsync(int projectId, string annotatorId, int count)
    {
        await using var db = await App.CreateDbContextAsync(CancellationToken);
        var items = db.Model.FindEntityType(typeof(Item))!.GetTableName();
        var annotations = db.Model.FindEntityType(typeof(Annotation))!.GetTableName();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(CancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText =
            $"""
             INSERT INTO "{annotations}" ("{nameof(Annotation.ProjectId)}", "{nameof(Annotation.ItemId)}", "{nameof(Annotation.AnnotatorId)}", "{nameof(Annotation.Version)}",
                 "{nameof(Annotation.SchemaVersion)}", "{nameof(Annotation.AnswerJson)}", "{nameof(Annotation.Source)}", "{nameof(Annotation.CreatedAt)}", "{nameof(Annotation.Late)}")
             SELECT $project, i."Id", $annotator, 1, 1,
                 CASE WHEN i."Id" % 10 < 6 THEN $positive WHEN i."Id" % 10 < 9 THEN $negative ELSE $neutral END, 0, $created, 0
             FROM (SELECT "Id" FROM "{items}" WHERE "{nameof(Item.ProjectId)}" = $project ORDER BY "Id" LIMIT $count) AS i
             """;
        insert.Parameters.AddWithValue("$project", projectId);
        insert.Parameters.AddWithValue("$annotator", annotatorId);
        insert.Parameters.AddWithValue("$count", count);
        insert.Parameters.AddWithValue("$created", DateTime.UtcNow);
        foreach (var label in Labels)
        {
            insert.Parameters.AddWithValue("$" + label,
                LabelingJson.Serialize(new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: label) })));
        }
        Assert.Equal(count, await insert.ExecuteNonQueryAsync(CancellationToken));
        var ids = await db.Items.Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).Take(count).Select(i => i.Id).ToListAsync(CancellationToken);
        return ids.GroupBy(id => (id % 10) switch { < 6 => "positive", < 9 => "negative", _ => "neutral" }).ToDictionary(g => g.Key, g => g.Count());
    }
}
