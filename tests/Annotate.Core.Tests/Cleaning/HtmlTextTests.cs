using Annotate.Core.Cleaning;

namespace Annotate.Core.Tests.Cleaning;

public class HtmlTextTests
{
    [Fact]
    public void ReturnsTitleAndBodyText()
    {
        var (title, text) = HtmlText.Extract("<html><head><title>  My\n page </title></head><body><p>Hello <b>world</b>.</p></body></html>");
        Assert.Equal("My page", title);
        Assert.Equal("Hello world.", text);
    }

    [Fact]
    public void DropsScriptsStylesNavigationAndOtherChrome()
    {
        const string html = """
            <body>
              <header>Site name</header>
              <nav><a href="/">Home</a></nav>
              <script>var x = "secret";</script>
              <style>p { color: red }</style>
              <noscript>Enable JavaScript</noscript>
              <div>Body text</div>
              <aside>Related links</aside>
              <form><label>Subscribe</label><input></form>
              <div hidden>Hidden</div>
              <footer>Copyright</footer>
            </body>
            """;
        Assert.Equal("Body text", HtmlText.Extract(html).Text);
    }

    [Fact]
    public void PrefersMainOverTheRestOfThePage()
    {
        const string html = "<body><div>Cookie banner</div><main><h1>Title</h1><p>Story.</p></main><div>More</div></body>";
        Assert.Equal("Title\n\nStory.", HtmlText.Extract(html).Text);
    }

    [Fact]
    public void ReadsEveryOuterArticleWhenThereIsNoMain()
    {
        const string html = """
            <body><div>Sidebar</div>
            <article><header><h2>First</h2></header><p>One.</p><article><p>Comment.</p></article></article>
            <article><p>Two.</p><footer>Share this</footer></article></body>
            """;
        Assert.Equal("First\n\nOne.\n\nComment.\n\nTwo.", HtmlText.Extract(html).Text);
    }

    [Fact]
    public void TurnsBlockElementsIntoLineBreaks()
    {
        const string html = "<div>a</div><div>b<br>c</div><ul><li>one</li><li>two</li></ul><p>end</p>";
        Assert.Equal("a\nb\nc\n\none\ntwo\n\nend", HtmlText.Extract(html).Text);
    }

    [Fact]
    public void PutsTableCellsSideBySide() =>
        Assert.Equal("a b\nc d", HtmlText.Extract("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr></table>").Text);

    [Fact]
    public void DecodesEntitiesAndCollapsesWhitespace() =>
        Assert.Equal("Tom & Jerry’s “show” <3 é",
            HtmlText.Extract("<p>Tom   &amp;\n Jerry&rsquo;s &ldquo;show&rdquo; &lt;3 &#233;</p>").Text);

    [Fact]
    public void KeepsLayoutInsidePre() =>
        Assert.Equal("code:\n\nif (x)\n    y();", HtmlText.Extract("<p>code:</p><pre>if (x)\n    y();</pre>").Text);

    [Fact]
    public void HandlesFragmentsAndPlainText()
    {
        Assert.Equal(("", "just text"), HtmlText.Extract("just text"));
        Assert.Equal(("", ""), HtmlText.Extract(""));
        Assert.Equal("Check out this video on YouTube:", HtmlText.Extract("Check out this video on YouTube:<br /><br />").Text);
    }

    [Fact]
    public void ThrowsOnNull() => Assert.Throws<ArgumentNullException>(() => HtmlText.Extract(null!));
}
