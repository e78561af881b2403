using System.Text.RegularExpressions;
using Annotate.E2E.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Pages;

/// <summary>/projects/{id}/data: file upload, preview and field mapping, the inline import job, and the items grid.</summary>
public sealed partial class DataTab(BrowserSession session, int projectId)
{
    private IPage Page => session.Page;

    public ProjectPage Project { get; } = new(session, projectId);

    // Upload
    public ILocator FileUpload => Page.GetByTestId("file-upload");

    /// <summary>
    /// MudFileUpload's hidden &lt;input type=file&gt;, where Playwright can still set files. MudBlazor 9 puts the
    /// component's attributes (the test id) on the input itself; older versions put them on a wrapper.
    /// </summary>
    public ILocator FileInput => Page.Locator(FileInputSelector);

    private const string FileInputSelector = "input[type=file][data-testid=file-upload], [data-testid=file-upload] input[type=file]";

    public ILocator ChooseFileButton => Page.GetByTestId("choose-file");

    public ILocator ImportError => Page.GetByTestId("import-error");

    // S3 source
    public ILocator S3Tab => Project.Tab("S3");

    /// <summary>The text inputs (the test id sits on the input or on its wrapper, by MudBlazor version).</summary>
    public ILocator S3Bucket => Page.Locator("input[data-testid=s3-bucket], [data-testid=s3-bucket] input");

    public ILocator S3Prefix => Page.Locator("input[data-testid=s3-prefix], [data-testid=s3-prefix] input");

    public ILocator S3PreviewButton => Page.GetByTestId("s3-preview");

    public ILocator S3Objects => Page.GetByTestId("s3-objects");

    public ILocator S3Unsupported => Page.GetByTestId("s3-unsupported");

    // Preview and mapping
    public ILocator PreviewTable => Page.GetByTestId("preview-table");

    public ILocator PreviewHeaders => PreviewTable.Locator("thead th");

    public ILocator PreviewRows => PreviewTable.Locator("tbody tr");

    public ILocator PreviewProblems => Page.GetByTestId("preview-problems");

    /// <summary>A mapping select by test id suffix: text, id, label, group, time, metadata.</summary>
    public ILocator Mapping(string field) => Page.GetByTestId($"map-{field}");

    public ILocator BadRows => Page.GetByTestId("bad-rows");

    public ILocator StartImportButton => Page.GetByTestId("start-import");

    // The import job
    public ILocator ImportJob => Page.GetByTestId("import-job");

    public ILocator ImportProgress => Page.GetByTestId("import-progress");

    public ILocator ImportMessage => Page.GetByTestId("import-message");

    public ILocator ImportStatus => ImportJob.GetByTestId("job-status");

    public ILocator ImportJobError => Page.GetByTestId("import-job-error");

    // Items grid
    public ILocator ItemsGrid => Page.GetByTestId("items-grid");

    public ILocator ItemRows => ItemsGrid.Locator("tbody tr.mud-table-row");

    /// <summary>The pager's "1-25 of 3,000".</summary>
    public ILocator Pager => ItemsGrid.Locator(".mud-table-pagination-caption").Filter(new() { HasTextRegex = new Regex(@"\d+-\d+ of ") });

    public ILocator FilterChip(string label) =>
        Page.GetByTestId("item-filter").Locator(".mud-chip").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(label)}$") });

    public async Task GotoAsync()
    {
        await Project.GotoAsync("data");
        await Expect(ChooseFileButton).ToBeEnabledAsync();
    }

    /// <summary>
    /// Sets the file on the hidden input and waits for the preview. A live circuit is not enough: files set before
    /// InputFile's JS init (a round trip after the interactive render) has added its change listener are silently
    /// ignored. That init marks the input with <c>_blazorInputFileNextFileId</c> (blazor.web.js), so wait for it.
    /// </summary>
    public async Task UploadAsync(string path)
    {
        await Page.WaitForFunctionAsync(
            "selector => [...document.querySelectorAll(selector)].some(input => input._blazorInputFileNextFileId !== undefined)",
            FileInputSelector, new() { Timeout = 15_000 });
        await FileInput.SetInputFilesAsync(path);
        await Expect(PreviewTable).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    /// <summary>
    /// What a mapping select shows. MudBlazor 9 puts the test id on the element with role combobox: a &lt;div&gt; holding
    /// the selected value's text, or, while nothing is selected, an empty &lt;input&gt;.
    /// </summary>
    public async Task<string> MappingValueAsync(string field) =>
        await Mapping(field).EvaluateAsync<string>("e => e.tagName === 'INPUT' ? e.value : e.textContent.trim()");

    public async Task FilterItemsAsync(string label)
    {
        var chip = FilterChip(label);
        await chip.ClickAsync();
        await Expect(chip).ToHaveClassAsync(SelectedChip());
    }

    [GeneratedRegex(@"\bmud-chip-selected\b")]
    private static partial Regex SelectedChip();
}
