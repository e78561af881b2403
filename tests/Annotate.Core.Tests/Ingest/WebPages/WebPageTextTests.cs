using Annotate.Core.Ingest.WebPages;

namespace Annotate.Core.Tests.Ingest.WebPages;

public class WebPageTextTests
{
    private const string NewsPage = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
          <meta charset="utf-8">
          <title>Rivers rise after storm &ndash; The Daily Example</title>
          <meta name="description" content="Flood warnings along the Thames &amp; Severn.">
          <meta property="og:title" content="Rivers rise after storm">
          <style>body { font-family: serif }</style>
          <script>window.dataLayer = [{ page: "secret-tracking" }];</script>
        </head>
        <body>
          <div id="cookie-banner"><p>We use cookies. <button>Accept all</button></p></div>
          <a class="skip-link" href="#content">Skip to content</a>
          <header class="site-header"><a href="/">The Daily Example</a>
            <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
          </header>
          <div class="layout has-sidebar">
            <ul class="breadcrumbs"><li>Home</li><li>UK</li></ul>
            <article>
              <header><h1>Rivers rise after storm</h1><p class="byline">By A. Reporter</p></header>
              <p>Rivers across the south rose sharply overnight&hellip;</p>
              <p>Residents were told to move valuables upstairs &mdash; &quot;just in case&quot;.</p>
              <div class="share"><a href="#">Share on X</a></div>
              <script>trackArticle("secret-tracking")</script>
            </article>
            <aside><h2>Most read</h2><ol><li>Celebrity gossip</li></ol></aside>
          </div>
          <div role="contentinfo">Contact us</div>
          <footer><p>&copy; 2026 The Daily Example</p></footer>
        </body>
        </html>
        """;

    [Fact]
    public void ReadsTheArticleAndItsMetadataWithoutTheChromeAroundIt()
    {
        var page = WebPageText.Extract(NewsPage);

        Assert.Equal("Rivers rise after storm – The Daily Example", page.Title);
        Assert.Equal("Flood warnings along the Thames & Severn.", page.Description);
        Assert.Equal("en-GB", page.Lang);
        Assert.Equal(
            "Rivers rise after storm\n\nBy A. Reporter\n\nRivers across the south rose sharply overnight…\n\n" +
            "Residents were told to move valuables upstairs — \"just in case\".",
            page.Text);
    }

    [Theory]
    [InlineData("secret-tracking")]
    [InlineData("cookies")]
    [InlineData("Skip to content")]
    [InlineData("Sport")]
    [InlineData("Home")]
    [InlineData("Share on X")]
    [InlineData("Most read")]
    [InlineData("Contact us")]
    [InlineData("2026")]
    [InlineData("font-family")]
    public void NoChromeReachesTheText(string chrome) => Assert.DoesNotContain(chrome, WebPageText.Extract(NewsPage).Text);

    [Fact]
    public void WithoutMainOrArticleTheBodyIsReadLessItsChrome()
    {
        const string html = """
            <html><body>
              <div role="navigation"><a>Menu link</a></div>
              <div role="banner">Big banner</div>
              <div id="menu">Open menu</div>
              <div class="content">
                <h2>Opening hours</h2>
                <p>Monday&nbsp;to Friday, 9&#8211;5.</p>
                <noscript>Enable JavaScript</noscript>
                <template><p>Template text</p></template>
                <svg><text>Logo text</text></svg>
                <iframe src="/ad">Ad frame</iframe>
                <div aria-hidden="true">Screen-reader-hidden</div>
                <div hidden>Hidden text</div>
                <form><label>Search</label><input></form>
              </div>
            </body></html>
            """;
        var page = WebPageText.Extract(html);
        Assert.Equal("Opening hours\n\nMonday\u00A0to Friday, 9–5.", page.Text);
        Assert.Null(page.Lang);
        Assert.Null(page.Description);
    }

    [Fact]
    public void AMainElementWinsOverArticlesOutsideIt()
    {
        const string html = "<body><article><p>Teaser elsewhere</p></article><main role=main><p>The story.</p></main></body>";
        Assert.Equal("The story.", WebPageText.Extract(html).Text);
    }

    [Fact]
    public void RoleMainCountsAsMain()
    {
        const string html = "<body><div class=promo>Buy now</div><div role=main><p>Real content.</p></div></body>";
        Assert.Equal("Real content.", WebPageText.Extract(html).Text);
    }

    [Fact]
    public void AWrapperNamedLikeChromeIsKeptWhenItHoldsTheContent()
    {
        const string html = "<body><div id=nav><main><p>Inside a badly named wrapper.</p></main></div></body>";
        Assert.Equal("Inside a badly named wrapper.", WebPageText.Extract(html).Text);
    }

    [Theory]
    [InlineData("<html><head><title> Real &amp; title </title><meta property=og:title content=OG></head><body><h1>H</h1></body></html>", "Real & title")]
    [InlineData("<html><head><title>  </title><meta property=og:title content=\"Open &lt;Graph&gt;\"></head><body><h1>H</h1></body></html>", "Open <Graph>")]
    [InlineData("<html><body><h1>  First\n heading </h1><h1>Second</h1></body></html>", "First heading")]
    public void TheTitleFallsBackToOpenGraphThenTheFirstHeading(string html, string title) =>
        Assert.Equal(title, WebPageText.Extract(html).Title);

    [Fact]
    public void APageWithoutAnyTitleHasNone() => Assert.Null(WebPageText.Extract("<p>Just text</p>").Title);

    [Fact]
    public void TheDescriptionFallsBackToOpenGraphAndTheLanguageToContentLanguage()
    {
        const string html = "<html><head><meta property=og:description content=\"OG desc\"><meta http-equiv=Content-Language content=de></head><body>x</body></html>";
        var page = WebPageText.Extract(html);
        Assert.Equal("OG desc", page.Description);
        Assert.Equal("de", page.Lang);
    }

    [Fact]
    public void PlainTextIsTakenAsItIs()
    {
        var page = WebPageText.FromPlainText("\r\nLine one\r\n\r\n<b>not markup</b>\r\n");
        Assert.Equal("Line one\n\n<b>not markup</b>", page.Text);
        Assert.Null(page.Title);
    }
}
