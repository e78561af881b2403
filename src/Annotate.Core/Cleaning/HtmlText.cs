using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Annotate.Core.Cleaning;

/// <summary>Reduces an HTML page to its title and main text.</summary>
public static class HtmlText
{
    // Boilerplate and non-text elements. header/footer are page chrome, except that a header inside the chosen
    // <main>/<article> usually holds that article's own heading, so it is kept there (see IsDropped).
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "nav", "header", "footer", "aside", "form",
        "template", "svg", "iframe", "object", "embed", "canvas", "head",
    };

    // Elements that start and end a line.
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "blockquote", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "li", "main", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "caption", "body", "header",
    };

    // Blocks that read as paragraphs: a blank line around them.
    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "figure",
    };

    /// <summary>
    /// True for text that is a page or a fragment of markup (starts with a tag and closes one), not prose that merely
    /// contains an angle bracket: such text goes through <see cref="Extract"/> when cleaning asks for HTML to text.
    /// </summary>
    public static bool LooksLikeHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().TrimStart();
        return trimmed.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || (trimmed.StartsWith("<") && text.Contains("</", StringComparison.Ordinal) && text.Contains('>', StringComparison.Ordinal));
    }

    /// <summary>
    /// Parses <paramref name="html"/> and returns the document title and its main text: scripts, styles, navigation,
    /// headers, footers, asides and forms are dropped; when the page has a <c>&lt;main&gt;</c> (or else
    /// <c>&lt;article&gt;</c> elements) only those are read; block elements become line breaks; entities are decoded.
    /// Whitespace is collapsed as a browser would, except inside <c>&lt;pre&gt;</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="html"/> is null.</exception>
    public static (string Title, string Text) Extract(string html)
    {
        ArgumentNullException.ThrowIfNull(html);

        // A parser per call: AngleSharp does not document HtmlParser as thread-safe, and it is cheap to create.
        using var document = new HtmlParser().ParseDocument(html);
        return (CollapseSpaces(document.Title ?? ""), MainText(document));
    }

    /// <summary>The main text of a parsed document, as <see cref="Extract"/> reads it (for callers that also read metadata).</summary>
    internal static string MainText(IDocument document)
    {
        var roots = MainRoots(document);
        var writer = new LayoutWriter();
        foreach (var root in roots)
        {
            writer.BreakLine(2);
            Write(root, writer, insideMain: root != document.Body);
        }
        return writer.ToString();
    }

    private static IReadOnlyList<IElement> MainRoots(IDocument document)
    {
        var main = document.QuerySelector("main") ?? document.QuerySelector("[role=main]");
        if (main is not null)
        {
            return [main];
        }
        // Nested articles (comments inside a post) are read as part of their outer article.
        var articles = document.QuerySelectorAll("article")
            .Where(a => a.ParentElement?.Closest("article") is null)
            .ToList();
        if (articles.Count > 0)
        {
            return articles;
        }
        return document.Body is { } body ? [body] : [];
    }

    private static void Write(INode node, LayoutWriter writer, bool insideMain)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    writer.Append(text.Data);
                    break;
                case IElement element:
                    WriteElement(element, writer, insideMain);
                    break;
            }
        }
    }

    private static void WriteElement(IElement element, LayoutWriter writer, bool insideMain)
    {
        var name = element.LocalName;
        if (IsDropped(element, name, insideMain))
        {
            return;
        }
        if (name == "br")
        {
            writer.BreakLine(1);
            return;
        }

        var lines = Paragraphs.Contains(name) ? 2 : Blocks.Contains(name) ? 1 : 0;
        var isCell = name is "td" or "th";
        var isPre = name is "pre" or "textarea";
        writer.BreakLine(lines);
        if (isCell)
        {
            writer.Separate();
        }
        if (isPre)
        {
            writer.Preformatted++;
        }
        Write(element, writer, insideMain);
        if (isPre)
        {
            writer.Preformatted--;
        }
        if (isCell)
        {
            writer.Separate();
        }
        writer.BreakLine(lines);
    }

    private static bool IsDropped(IElement element, string name, bool insideMain)
    {
        if (element.HasAttribute("hidden") ||
            string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (name == "header" && insideMain)
        {
            return false;
        }
        return Dropped.Contains(name);
    }

    internal static string CollapseSpaces(string text) =>
        TextNormalizer.Normalize(text, new NormalizeOptions(UnicodeNfkc: false, StripControlCharacters: true,
            CollapseWhitespace: true, RemoveZeroWidth: false)).Replace('\n', ' ');

    /// <summary>Accumulates text the way a browser lays it out: whitespace in text collapses to one space, block
    /// boundaries ask for one or two line breaks, and neither piles up.</summary>
    private sealed class LayoutWriter
    {
        private readonly StringBuilder builder = new();
        private int pendingLines;
        private bool pendingSpace;

        public int Preformatted { get; set; }

        public void Append(string data)
        {
            foreach (var c in data)
            {
                if (Preformatted > 0)
                {
                    if (c == '\r')
                    {
                        continue;
                    }
                    Flush();
                    builder.Append(c);
                }
                else if (char.IsWhiteSpace(c) && c != '\u00A0')
                {
                    pendingSpace = true;
                }
                else
                {
                    Flush();
                    builder.Append(c);
                }
            }
        }

        public void BreakLine(int lines)
        {
            if (lines > pendingLines)
            {
                pendingLines = lines;
            }
        }

        public void Separate() => pendingSpace = true;

        private void Flush()
        {
            if (builder.Length > 0)
            {
                if (pendingLines > 0)
                {
                    builder.Append('\n', pendingLines);
                }
                else if (pendingSpace)
                {
                    builder.Append(' ');
                }
            }
            pendingLines = 0;
            pendingSpace = false;
        }

        public override string ToString() => builder.ToString();
    }
}
