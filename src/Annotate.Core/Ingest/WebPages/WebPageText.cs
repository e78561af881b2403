using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Annotate.Core.Cleaning;

namespace Annotate.Core.Ingest.WebPages;

/// <summary>
/// Reduces a fetched web page to its title, main text, description and language. The text is read the way
/// <see cref="HtmlText"/> reads it (main or article preferred, scripts, styles, navigation, headers, footers, asides
/// and forms dropped); before that, page chrome that only says what it is by an ARIA role or an obvious class or id
/// (cookie banners, menus, breadcrumbs, share buttons) is removed too.
/// </summary>
public static class WebPageText
{
    private const string ChromeRoles = "[role=navigation], [role=banner], [role=contentinfo], [role=search], [role=menu], [role=menubar], [role=complementary], [role=alertdialog]";

    // Whole class tokens or ids only: a substring test would also hit "has-sidebar" on the content's own wrapper.
    private static readonly HashSet<string> ChromeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "cookie", "cookies", "cookie-banner", "cookie-consent", "cookie-notice", "cookiebanner", "consent", "consent-banner", "gdpr",
        "menu", "main-menu", "navbar", "nav", "navigation", "breadcrumb", "breadcrumbs", "skip-link", "skip-links",
        "share", "sharing", "social-share", "share-buttons", "newsletter", "sidebar",
    };

    /// <summary>Parses <paramref name="html"/> and reads its title, main text, description and language.</summary>
    /// <remarks>
    /// The title is <c>&lt;title&gt;</c>, else <c>og:title</c>, else the first <c>&lt;h1&gt;</c>; the description is
    /// <c>&lt;meta name=description&gt;</c>, else <c>og:description</c>. Entities are decoded everywhere.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="html"/> is null.</exception>
    public static WebPage Extract(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var document = new HtmlParser().ParseDocument(html);

        var title = Blank(document.Title)
            ?? Blank(Meta(document, "property", "og:title"))
            ?? Blank(document.QuerySelector("h1")?.TextContent);
        var description = Blank(Meta(document, "name", "description")) ?? Blank(Meta(document, "property", "og:description"));
        var lang = Blank(document.DocumentElement?.GetAttribute("lang")) ?? Blank(Meta(document, "http-equiv", "content-language"));

        RemoveChrome(document);
        return new WebPage(title, HtmlText.MainText(document), description, lang);
    }

    /// <summary>A text/plain page: the body as is, with line ends made uniform and outer blank space trimmed.</summary>
    public static WebPage FromPlainText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new WebPage(null, text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim(), null, null);
    }

    private static void RemoveChrome(IDocument document)
    {
        var chrome = document.QuerySelectorAll(ChromeRoles)
            .Concat(document.QuerySelectorAll("[class], [id]").Where(IsNamedChrome))
            .Where(e => !HoldsContent(e))
            .ToList();
        foreach (var element in chrome)
        {
            element.Remove();
        }
    }

    private static bool IsNamedChrome(IElement element) =>
        (element.Id is { Length: > 0 } id && ChromeNames.Contains(id)) || element.ClassList.Any(ChromeNames.Contains);

    // Never remove the page itself, or a wrapper that holds the main content, whatever its class says.
    private static bool HoldsContent(IElement element) =>
        element.LocalName is "html" or "body" or "main" or "article"
        || string.Equals(element.GetAttribute("role"), "main", StringComparison.OrdinalIgnoreCase)
        || element.QuerySelector("main, article, [role=main]") is not null;

    /// <summary>The content of the first <c>&lt;meta&gt;</c> whose <paramref name="attribute"/> is <paramref name="value"/>, in any case.</summary>
    private static string? Meta(IDocument document, string attribute, string value) =>
        document.QuerySelectorAll("meta[content]")
            .FirstOrDefault(m => string.Equals(m.GetAttribute(attribute)?.Trim(), value, StringComparison.OrdinalIgnoreCase))
            ?.GetAttribute("content");

    private static string? Blank(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var collapsed = HtmlText.CollapseSpaces(value).Trim();
        return collapsed.Length == 0 ? null : collapsed;
    }
}
