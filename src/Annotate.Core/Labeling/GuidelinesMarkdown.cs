using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Annotate.Core.Labeling;

/// <summary>
/// Renders a schema's Markdown guidelines to HTML for the Labels tab preview and the workbench. Raw HTML in the
/// Markdown is disabled: Markdig then escapes any tag (a <c>&lt;script&gt;</c> comes out as text), and links or images
/// with a scheme other than http, https or mailto (<c>javascript:</c>, <c>data:</c>) are reduced to <c>#</c>. That is
/// what makes the output safe to show as markup. (No generic-attributes extension: it would let Markdown set onclick.)
/// </summary>
public static class GuidelinesMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .Build();

    /// <summary>The HTML of <paramref name="markdown"/>, with any raw HTML escaped; empty for empty input.</summary>
    public static string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Parse(markdown).ToHtml(Pipeline);

    /// <summary>
    /// The parsed document, with unsafe link targets already reduced to <c>#</c>; pages render it element by element
    /// (text through Blazor's escaping), so no markup string is needed.
    /// </summary>
    public static MarkdownDocument Parse(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                link.Url = "#";
            }
        }
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!link.IsEmail && !IsSafeUrl(link.Url))
            {
                link.Url = "#";
            }
        }
        return document;
    }

    /// <summary>Relative URLs and anchors, or absolute ones over http, https or mailto.</summary>
    private static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var slash = url.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return true;
        }
        var scheme = url[..colon].Trim().ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }
}
