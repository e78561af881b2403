using Annotate.Core.Ingest.WebPages;

namespace Annotate.Core.Tests.Ingest.WebPages;

public class UrlListTests
{
    [Fact]
    public void KeepsLineNumbersSkipsBlankLinesAndFetchesARepeatOnce()
    {
        var list = UrlList.Parse("https://example.org/a\r\n\r\n  https://example.org/b  \nhttps://example.org/a#comments\nhttps://example.org/c\n");

        Assert.Equal([(1, "https://example.org/a"), (3, "https://example.org/b"), (5, "https://example.org/c")],
            list.Lines.Select(l => (l.Line, l.Name)));
        var note = Assert.Single(list.Notes);
        Assert.Equal("Line 4 repeats line 1 (https://example.org/a); it is fetched once.", note);
    }

    [Theory]
    [InlineData("example.org/page", "'example.org/page' is not a URL (write it with https://)")]
    [InlineData("ftp://example.org/file.txt", "'ftp://example.org/file.txt' is not an http(s) URL")]
    [InlineData("file:///etc/passwd", "'file:///etc/passwd' is not an http(s) URL")]
    [InlineData("javascript:alert(1)", "'javascript:alert(1)' is not an http(s) URL")]
    [InlineData("http://exa mple.org/", "'http://exa mple.org/' is not a valid URL")]
    public void ABadLineKeepsItsNumberAndSaysWhy(string line, string problem)
    {
        var list = UrlList.Parse($"https://example.org/\n{line}");
        var bad = list.Lines[1];
        Assert.Equal(2, bad.Line);
        Assert.Null(bad.Url);
        Assert.Equal(problem, bad.Problem);
        Assert.Equal(line, bad.Name);
        Assert.Single(list.Urls);
    }

    [Fact]
    public void CredentialsInAUrlAreRefusedAndNotRepeated()
    {
        var line = Assert.Single(UrlList.Parse("https://user:secret@example.org/private").Lines);
        Assert.Equal("a URL with a user name or password is not supported", line.Problem);
        Assert.Equal("https://example.org/private", line.Name);
    }

    [Fact]
    public void AnOverlongUrlIsRefused()
    {
        var list = UrlList.Parse("https://example.org/" + new string('a', UrlList.MaxUrlLength));
        Assert.Equal("the URL is longer than 2,048 characters", list.Lines[0].Problem);
    }

    [Fact]
    public void AnEmptyListHasNoLines() => Assert.Empty(UrlList.Parse(" \n\n\t\n").Lines);
}
