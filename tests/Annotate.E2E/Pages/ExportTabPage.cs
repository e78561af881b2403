using Annotate.E2E.TestSupport;
using Microsoft.Playwright;

namespace Annotate.E2E.Pages;

/// <summary>The Export tab of a project: the settings form, the running export, its result and the past exports.</summary>
public sealed class ExportTabPage(BrowserSession session)
{
    private IPage Page => session.Page;

    public ILocator Form => Page.GetByTestId("export-form");

    public ILocator Format => Page.GetByTestId("export-format");

    public ILocator Strategy => Page.GetByTestId("export-strategy");

    public ILocator Start => Page.GetByTestId("export-start");

    public ILocator Progress => Page.GetByTestId("export-progress");

    public ILocator Message => Page.GetByTestId("export-message");

    public ILocator Result => Page.GetByTestId("export-result");

    public ILocator Summary => Page.GetByTestId("export-summary");

    public ILocator Chart => Page.GetByTestId("export-chart");

    public ILocator Download => Page.GetByTestId("export-download");

    public ILocator PastExports => Page.GetByTestId("past-exports");

    public ILocator PastDownload => Page.GetByTestId("past-export-download");

    public ILocator Option(string name) => Page.GetByRole(AriaRole.Option, new() { Name = name, Exact = true });

    /// <summary>Opens a MudSelect and picks an option by its text.</summary>
    public async Task ChooseAsync(ILocator select, string option)
    {
        await Interact.ClickUntilVisibleAsync(select, Option(option));
        await Option(option).ClickAsync();
        await Option(option).WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }
}
