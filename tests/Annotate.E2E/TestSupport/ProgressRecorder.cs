using Microsoft.Playwright;

namespace Annotate.E2E.TestSupport;

/// <summary>
/// Records every value a progress bar shows, in the page itself: a MutationObserver notes each change of a
/// <c>job-progress</c> bar's <c>data-progress</c> (with its row's status), of the Export tab's <c>export-progress</c> bar, and of the <c>recount-progress</c> bar's
/// <c>aria-valuenow</c>. Sampling from the test could miss short-lived values; the observer sees every render.
/// </summary>
public static class ProgressRecorder
{
    private const string Script =
        """
        (() => {
          if (window.__progress) return;
          window.__progress = [];
          const last = new Map();
          const note = (key, sample) => {
            const signature = JSON.stringify(sample);
            if (last.get(key) === signature) return;
            last.set(key, signature);
            window.__progress.push({ ...sample, at: performance.now() });
          };
          const scan = () => {
            for (const bar of document.querySelectorAll('[data-testid="job-progress"]')) {
              const row = bar.closest('tr');
              const status = row?.querySelector('[data-testid="job-status"]')?.textContent?.trim() ?? '';
              note('job-' + bar.dataset.jobId, { source: 'jobs', job: bar.dataset.jobId ?? '', value: parseFloat(bar.dataset.progress ?? 'NaN'), status });
            }
            for (const bar of document.querySelectorAll('[data-testid="export-progress"]')) {
              note('export', { source: 'export', job: '', value: parseFloat(bar.dataset.progress ?? 'NaN'), status: bar.dataset.status ?? '' });
            }
            for (const bar of document.querySelectorAll('[data-testid="recount-progress"]')) {
              note('recount', { source: 'overview', job: '', value: parseFloat(bar.getAttribute('aria-valuenow') ?? 'NaN') / 100, status: '' });
            }
          };
          new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        })();
        """;

    /// <summary>Installs the recorder in every document the context loads from now on.</summary>
    public static Task InstallAsync(IBrowserContext context) => context.AddInitScriptAsync(Script);

    public static async Task<IReadOnlyList<ProgressSample>> ReadAsync(IPage page) =>
        await page.EvaluateAsync<ProgressSample[]>("() => window.__progress ?? []");
}

/// <summary>One value a bar showed. <see cref="Value"/> is a fraction 0..1; <see cref="Status"/> is the job row's status chip.</summary>
public sealed record ProgressSample
{
    /// <summary>"jobs" (a Jobs tab bar), "export" (the Export tab's bar) or "overview" (the recount bar).</summary>
    public string Source { get; init; } = "";

    public string Job { get; init; } = "";

    public double Value { get; init; }

    public string Status { get; init; } = "";

    /// <summary>performance.now() in the page, in milliseconds.</summary>
    public double At { get; init; }
}
