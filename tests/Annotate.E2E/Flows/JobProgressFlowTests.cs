using System.Globalization;
using System.Text.RegularExpressions;
using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>A long job reports progress live over the circuit, and its result lands on the Overview.</summary>
public sealed partial class JobProgressFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    // Large enough that the recount (2,000 items per batch, a progress event at most every 100 ms) takes well over a
    // second on this machine, so the bar shows several values between empty and full.
    private const int ItemCount = 300_000;

    [Fact]
    public async Task RecountMovesTheProgressBarAndThenShowsTheItemCount()
    {
        var adminId = await App.CreateUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var projectId = await App.CreateProjectAsync(adminId, "Customer reviews", "Sentiment of product reviews.", CancellationToken);
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        await ItemSeeder.SeedAsync(App, projectId, ItemCount, CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"Seeded {ItemCount:N0} items in {seeding.Elapsed.TotalSeconds:0.0} s");

        var admin = await OpenSessionAsync();
        await ProgressRecorder.InstallAsync(admin.Context);
        var login = new LoginPage(admin);
        await login.GotoAsync();
        await login.LogInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        // A second tab watches the Jobs tab while the first starts the recount from the Overview.
        var jobsTab = await admin.OpenTabAsync();
        var jobs = new ProjectPage(jobsTab, projectId);
        await jobs.GotoAsync("jobs");
        await Expect(jobs.NoJobs).ToBeVisibleAsync();

        var overview = new ProjectPage(admin, projectId);
        await overview.GotoAsync("overview");
        await Expect(overview.StatsComputed).ToHaveTextAsync("Never counted");
        await Expect(overview.RecountButton).ToBeEnabledAsync();
        await overview.RecountButton.ClickAsync();

        await Expect(jobs.JobProgressBars).ToHaveCountAsync(1);
        // Screenshot the bar part-way (or, should the job be over already, whatever it ended as).
        await jobsTab.Page.WaitForFunctionAsync(
            "() => (window.__progress ?? []).some(s => s.source === 'jobs' && (s.value > 0 && s.value < 1 || s.status !== 'Queued' && s.status !== 'Running'))",
            null, new() { Timeout = 60_000 });
        await jobsTab.ScreenshotAsync("job-progress-01-jobs-tab-running");
        await Expect(jobs.JobStatuses.First).ToHaveTextAsync(FinalStatus(), new() { Timeout = 60_000 });
        var outcome = await jobs.JobRows.First.InnerTextAsync();
        await jobsTab.ScreenshotAsync("job-progress-02-jobs-tab-finished");
        Assert.True(await jobs.JobStatuses.First.InnerTextAsync() == "Succeeded", "The recount did not succeed. Its row reads: " + outcome);
        await Expect(jobs.JobMessages.First).ToContainTextAsync($"Counted {ItemCount.ToString("N0", CultureInfo.CurrentCulture)} items");
        await Expect(jobs.JobProgressBars.First).ToHaveAttributeAsync("data-progress", "1.000");

        var samples = await ProgressRecorder.ReadAsync(jobsTab.Page);
        var jobSamples = samples.Where(s => s.Source == "jobs").ToList();
        var firstSucceeded = jobSamples.FindIndex(s => s.Status == "Succeeded");
        Assert.True(firstSucceeded >= 0, "The Jobs tab never showed the job as Succeeded. Seen: " + Describe(jobSamples));
        var intermediate = jobSamples.Take(firstSucceeded)
            .Where(s => s.Value is > 0 and < 1)
            .Select(s => s.Value)
            .Distinct()
            .ToList();
        Assert.True(intermediate.Count >= 2,
            "The progress bar should move: expected at least two distinct values strictly between 0 and 1 before Succeeded, " +
            $"saw {intermediate.Count}. Samples: {Describe(jobSamples)}");
        TestContext.Current.TestOutputHelper?.WriteLine($"Jobs tab showed {intermediate.Count} intermediate values: {Describe(jobSamples)}");

        // The Overview that started the job reloads its statistics when the job is done.
        await Expect(overview.ItemsStat).ToContainTextAsync(ItemCount.ToString("N0", CultureInfo.CurrentCulture));
        await Expect(overview.StatsComputed).ToContainTextAsync("Last counted");
        await Expect(overview.RecountProgress).ToHaveCountAsync(0);
        await admin.ScreenshotAsync("job-progress-03-overview-counted");

        AssertNoServerErrors();
    }

    [GeneratedRegex("^(Succeeded|Failed|Cancelled|Interrupted)$")]
    private static partial Regex FinalStatus();

    private static string Describe(IEnumerable<ProgressSample> samples) =>
        string.Join(", ", samples.Select(s => $"{s.Value.ToString("0.000", CultureInfo.InvariantCulture)} {s.Status}".Trim()));
}
