using Annotate.Core.Projects;
using Annotate.Web.Features.Imports.WebPages;
using Annotate.Web.Tests.TestSupport;
using Bunit;

namespace Annotate.Web.Tests.Components;

public class WebSourcePanelTests : ComponentTestContext
{
    private async Task<IRenderedComponent<WebSourcePanel>> RenderForManagerAsync()
    {
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Web", (manager, ProjectRoles.Manager));
        SignIn(manager);
        return Render<WebSourcePanel>(p => p.Add(c => c.ProjectId, project.Id));
    }

    [Fact]
    public async Task ShowsTheUrlFieldAndSaysWhyALineIsNotAUrl()
    {
        var cut = await RenderForManagerAsync();
        var field = cut.Find("textarea");
        Assert.Contains("https://example.org/news/first-article", field.GetAttribute("placeholder"));
        await cut.Find("[data-testid=web-fetch-preview]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Enter at least one URL, one per line.", cut.Find("[data-testid=import-error]").TextContent.Trim()));

        await cut.Find("textarea").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "example.org/page" });
        await cut.Find("[data-testid=web-fetch-preview]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(
            "No line is a URL that can be fetched. Line 1: 'example.org/page' is not a URL (write it with https://).",
            cut.Find("[data-testid=import-error]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=preview-table]"));
    }

    [Fact]
    public async Task APreviewOfBlockedPagesShowsTheMappingFormWithTheReason()
    {
        var cut = await RenderForManagerAsync();

        await cut.Find("textarea").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "http://127.0.0.1:9/private\nhttp://127.0.0.1:9/private#again" });
        await cut.Find("[data-testid=web-fetch-preview]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=preview-table]")));
        Assert.Contains("blocked: 127.0.0.1 is a loopback address", cut.Find("[data-testid=preview-problems]").TextContent);
        Assert.Contains("Line 2 repeats line 1", cut.Find("[data-testid=web-notes]").TextContent);
        Assert.Contains("1 web page", cut.Markup);
    }
}
