using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>
/// A Manager uploads a CSV on the Data tab, checks the preview and the suggested mapping, imports it with live progress,
/// and sees the planted duplicates, personal data and near duplicates counted on the Overview and findable in the grid.
/// </summary>
public sealed partial class DataImportFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    private const int JobTimeout = 180_000; // generous: in CI this runs beside the Web tests on 2 cores

    [Fact]
    public async Task ManagerImportsACsvAndSeesDuplicatesAndPersonalDataCounted()
    {
        var data = PlantedCsv.Build();
        var folder = Directory.CreateTempSubdirectory("annotate-e2e-csv-").FullName;
        var csvPath = Path.Combine(folder, "reviews.csv");
        await File.WriteAllTextAsync(csvPath, data.Csv, new UTF8Encoding(false), CancellationToken);
        try
        {
            await RunAsync(data, csvPath);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task RunAsync(PlantedCsv data, string csvPath)
    {
        var adminId = await App.CreateUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var projectId = await App.CreateProjectAsync(adminId, "Support tickets", "Imported from a CSV export.", CancellationToken);

        var manager = await OpenSessionAsync();
        var login = new LoginPage(manager);
        await login.GotoAsync();
        await login.LogInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        var dataTab = new DataTab(manager, projectId);
        await dataTab.GotoAsync();
        await dataTab.UploadAsync(csvPath);

        // The preview shows the file's columns, and the mapping the app suggests from their names.
        await Expect(dataTab.PreviewProblems).ToHaveCountAsync(0);
        await Expect(dataTab.PreviewHeaders).ToHaveCountAsync(3);
        await Expect(dataTab.PreviewHeaders.Nth(0)).ToContainTextAsync("id");
        await Expect(dataTab.PreviewHeaders.Nth(1)).ToContainTextAsync("text");
        await Expect(dataTab.PreviewHeaders.Nth(2)).ToContainTextAsync("label");
        await Expect(dataTab.PreviewRows.First).ToContainTextAsync(data.Rows[0].Text);
        Assert.Equal("text", await dataTab.MappingValueAsync("text"));
        Assert.Equal("id", await dataTab.MappingValueAsync("id"));
        Assert.Equal("label", await dataTab.MappingValueAsync("label"));
        Assert.Equal("", await dataTab.MappingValueAsync("group"));
        Assert.Equal("", await dataTab.MappingValueAsync("time"));
        await manager.ScreenshotAsync("data-import-01-preview-mapping");

        await Expect(dataTab.StartImportButton).ToBeEnabledAsync();
        await dataTab.StartImportButton.ClickAsync();
        await Expect(dataTab.ImportJob).ToBeVisibleAsync();
        await Expect(dataTab.ImportStatus).ToHaveTextAsync(FinalStatus(), new() { Timeout = JobTimeout });
        var outcome = await dataTab.ImportJob.InnerTextAsync();
        await manager.ScreenshotAsync("data-import-02-import-finished");
        Assert.True(await dataTab.ImportStatus.InnerTextAsync() == "Succeeded", "The import did not succeed. It reads: " + outcome);
        await Expect(dataTab.ImportMessage).ToHaveTextAsync(
            $"Imported {N(data.Rows.Count)} of {N(data.Rows.Count)} rows; {N(data.ExactDuplicates)} exact duplicates marked");
        await Expect(dataTab.ImportProgress).ToHaveAttributeAsync("data-progress", "1.000");
        await Expect(dataTab.ImportJobError).ToHaveCountAsync(0);

        // The grid reloads after the import; the Duplicates filter shows exactly the planted copies.
        await Expect(dataTab.ItemRows).ToHaveCountAsync(25);
        await Expect(dataTab.Pager).ToContainTextAsync(OfTotal(data.Rows.Count));
        await dataTab.FilterItemsAsync("Duplicates");
        await Expect(dataTab.Pager).ToContainTextAsync(OfTotal(data.ExactDuplicates));
        await Expect(dataTab.ItemRows).ToHaveCountAsync(Math.Min(25, data.ExactDuplicates));
        await Expect(dataTab.ItemRows.Filter(new() { HasTextRegex = DuplicateOf() })).ToHaveCountAsync(Math.Min(25, data.ExactDuplicates));
        var firstDuplicate = await dataTab.ItemRows.First.InnerTextAsync();
        Assert.Contains(data.DuplicatedTexts, t => firstDuplicate.Contains(t, StringComparison.Ordinal));
        await manager.ScreenshotAsync("data-import-03-items-duplicates");

        await dataTab.FilterItemsAsync("PII");
        await Expect(dataTab.Pager).ToContainTextAsync(OfTotal(data.ItemsWithPii));
        await Expect(dataTab.ItemRows.First).ToContainTextAsync(MaskPlaceholder());
        // The project masks personal data on import: the grid never shows the planted addresses or numbers.
        await Expect(dataTab.ItemsGrid).Not.ToContainTextAsync("@example.com");
        await Expect(dataTab.ItemsGrid).Not.ToContainTextAsync("7946 0958");

        // The Overview follows the recounts the import queued (one after the import, one after near-duplicate grouping).
        await dataTab.Project.OpenTabAsync("overview", "Overview");
        var overview = dataTab.Project;
        var slow = new LocatorAssertionsToContainTextOptions { Timeout = JobTimeout };
        await Expect(overview.ItemsStat).ToContainTextAsync(N(data.Rows.Count), slow);
        await Expect(manager.Page.GetByTestId("stat-duplicates")).ToContainTextAsync(N(data.ExactDuplicates), slow);
        await Expect(manager.Page.GetByTestId("stat-pii")).ToContainTextAsync(N(data.ItemsWithPii), slow);
        await Expect(manager.Page.GetByTestId("stat-near")).ToContainTextAsync(N(data.NearDuplicateGroupedItems), slow);
        await Expect(manager.Page.GetByTestId("stat-near")).ToContainTextAsync($"In {N(data.NearDuplicateGroups)} near-duplicate groups");
        await Expect(overview.StatsComputed).ToContainTextAsync("Last counted");
        await manager.ScreenshotAsync("data-import-04-overview-counted");

        AssertNoServerErrors();
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    private static Regex OfTotal(int total) => new($@"\bof {total}\b|\bof {Regex.Escape(N(total))}\b");

    [GeneratedRegex("^(Succeeded|Failed|Cancelled|Interrupted)$")]
    private static partial Regex FinalStatus();

    [GeneratedRegex(@"duplicate of #\d+")]
    private static partial Regex DuplicateOf();

    [GeneratedRegex(@"\[(EMAIL|PHONE)\]")]
    private static partial Regex MaskPlaceholder();

    /// <summary>
    /// id,text,label rows: random word sentences (no digits, pairwise far apart), plus planted exact copies, texts with an
    /// e-mail address or a phone number, and near-duplicate pairs that differ in their last word only. Deterministic.
    /// </summary>
    private sealed record PlantedCsv(
        string Csv,
        IReadOnlyList<(string Id, string Text, string Label)> Rows,
        int ExactDuplicates,
        int ItemsWithPii,
        int NearDuplicateGroups,
        int NearDuplicateGroupedItems,
        IReadOnlyList<string> DuplicatedTexts)
    {
        public const int RowCount = 3_000;
        private const int Copies = 100;
        private const int Emails = 40;
        private const int Phones = 20;
        private const int NearPairs = 5;

        private static readonly string[] Words =
        [
            "order", "delivery", "parcel", "refund", "invoice", "account", "password", "screen", "battery", "charger",
            "cable", "speaker", "kitchen", "garden", "window", "door", "blanket", "pillow", "jacket", "shoe",
            "quick", "slow", "broken", "lovely", "cheap", "pricey", "noisy", "quiet", "bright", "dull",
            "arrived", "failed", "worked", "stopped", "returned", "exchanged", "loved", "hated", "ordered", "cancelled",
            "again", "never", "always", "today", "yesterday", "finally", "almost", "really", "barely", "quite",
            "support", "agent", "manager", "driver", "warehouse", "courier", "store", "website", "app", "button",
            "colour", "size", "fabric", "handle", "lid", "box", "label", "manual", "warranty", "receipt",
            "happy", "angry", "confused", "pleased", "annoyed", "grateful", "tired", "surprised", "calm", "upset",
            "morning", "evening", "weekend", "holiday", "birthday", "gift", "sample", "bundle", "upgrade", "discount",
            "blue", "green", "silver", "black", "white", "wooden", "plastic", "metal", "glass", "paper",
            "tea", "coffee", "lamp", "chair", "table", "shelf", "mirror", "clock", "camera", "printer",
        ];

        private static readonly string[] Labels = ["positive", "negative", "neutral"];

        public static PlantedCsv Build()
        {
            var random = new Random(20261125);
            string Sentence(int words) =>
                string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) is var s
                    ? char.ToUpperInvariant(s[0]) + s[1..] + "."
                    : "";

            var texts = new List<string>();
            var plain = new List<string>();
            for (var i = 0; i < NearPairs; i++)
            {
                var words = Enumerable.Range(0, 30).Select(_ => Words[random.Next(Words.Length)]).ToArray();
                var a = string.Join(' ', words);
                var last = words[^1];
                words[^1] = Words.First(w => w != last && w.Length > 3 && !words.Contains(w));
                texts.Add("About the " + a + ".");
                texts.Add("About the " + string.Join(' ', words) + ".");
            }
            for (var i = 0; i < Emails; i++)
            {
                var name = Words[random.Next(Words.Length)] + "." + Words[random.Next(Words.Length)];
                texts.Add($"{Sentence(10)} Please write to {name}@example.com about it.");
            }
            for (var i = 0; i < Phones; i++)
            {
                texts.Add($"{Sentence(10)} Call me back on {(i % 2 == 0 ? "020 7946 0958" : "+44 20 7946 0958")} please.");
            }
            var uniquePlain = RowCount - Copies - texts.Count;
            var seen = new HashSet<string>(texts, StringComparer.Ordinal);
            while (plain.Count < uniquePlain)
            {
                var s = Sentence(14);
                if (seen.Add(s))
                {
                    plain.Add(s);
                }
            }
            texts.AddRange(plain);
            var duplicated = plain.Take(Copies).ToList();
            texts.AddRange(duplicated);
            // Spread the planted rows through the file (the copies may come before their originals: either way one of
            // each pair is the duplicate).
            var shuffled = texts.OrderBy(_ => random.Next()).ToList();

            var rows = shuffled.Select((t, i) => ($"t{i + 1:D4}", t, Labels[i % Labels.Length])).ToList();
            var csv = new StringBuilder("id,text,label\n");
            foreach (var (id, text, label) in rows)
            {
                csv.Append(id).Append(',').Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').Append(',').Append(label).Append('\n');
            }
            // Exact copies are grouped with their originals as near duplicates too (Jaccard 1).
            return new PlantedCsv(csv.ToString(), rows, Copies, Emails + Phones, NearPairs + Copies, 2 * (NearPairs + Copies), duplicated);
        }
    }
}
