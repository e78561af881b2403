using Annotate.Web.Components.Shared;
using Annotate.Web.Tests.TestSupport;
using Bunit;

namespace Annotate.Web.Tests.Components;

public class MarkdownViewTests : ComponentTestContext
{
    [Fact]
    public void MarkdownBecomesElementsAndEverythingTypedStaysText()
    {
        var cut = Render<MarkdownView>(p => p.Add(v => v.Markdown,
            "# Rules\n\nPick **one** label, *not* two.\n\n- spam\n- ham\n\n<b onclick=\"x()\">bold?</b> [guide](https://example.test/g) [bad](javascript:alert(1))"));

        Assert.Equal("Rules", cut.Find("h1").TextContent);
        Assert.Equal("one", cut.Find("strong").TextContent);
        Assert.Equal("not", cut.Find("em").TextContent);
        Assert.Equal(["spam", "ham"], cut.FindAll("li").Select(li => li.TextContent.Trim()));
        Assert.Empty(cut.FindAll("b"));
        Assert.Contains("<b onclick=\"x()\">bold?</b>", cut.Markup.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&quot;", "\""));
        var links = cut.FindAll("a");
        Assert.Equal(["https://example.test/g", "#"], links.Select(a => a.GetAttribute("href")));
        Assert.DoesNotContain("javascript:", cut.Markup, StringComparison.OrdinalIgnoreCase);
    }
}
