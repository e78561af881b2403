using System.Text;
using Annotate.Core.Ingest.WebPages;

namespace Annotate.Core.Tests.Ingest.WebPages;

public class PageEncodingTests
{
    private static readonly byte[] Cafe1252 = [.. "<html><head><meta charset=\"windows-1252\"></head><body>caf"u8, 0xE9, .. "</body></html>"u8];

    [Fact]
    public void TheHeaderCharsetWins() =>
        Assert.Contains("café", PageEncoding.Decode(Cafe1252, "windows-1252", isHtml: true));

    [Fact]
    public void AMetaCharsetIsReadWhenTheHeaderNamesNone() =>
        Assert.Contains("café", PageEncoding.Decode(Cafe1252, null, isHtml: true));

    [Fact]
    public void AnHttpEquivContentTypeIsReadToo()
    {
        byte[] page = [.. "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>caf"u8, 0xE9, 0x80];
        // iso-8859-1 is read as windows-1252, as browsers do: 0x80 is the euro sign.
        Assert.EndsWith("café€", PageEncoding.Decode(page, null, isHtml: true));
    }

    [Fact]
    public void Utf8IsTheDefaultAndAByteOrderMarkIsObeyed()
    {
        Assert.Equal("naïve", PageEncoding.Decode(Encoding.UTF8.GetBytes("naïve"), null, isHtml: true));
        byte[] utf16 = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("ünïcode")];
        Assert.Equal("ünïcode", PageEncoding.Decode(utf16, "utf-8", isHtml: false));
    }

    [Fact]
    public void AnUnknownCharsetFallsBackToUtf8() =>
        Assert.Equal("naïve", PageEncoding.Decode(Encoding.UTF8.GetBytes("naïve"), "x-made-up", isHtml: false));
}
