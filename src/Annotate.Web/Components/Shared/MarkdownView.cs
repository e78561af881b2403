using Annotate.Core.Labeling;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Annotate.Web.Components.Shared;

/// <summary>
/// Shows Markdown written by people (a schema's guidelines) as elements built one by one from Markdig's syntax tree:
/// every piece of text goes through Blazor's escaping and only known elements are made, so nothing the author typed
/// can become markup (no <see cref="MarkupString"/>). Raw HTML in the Markdown is shown as text.
/// </summary>
public sealed class MarkdownView : ComponentBase
{
    [Parameter]
    public string? Markdown { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        foreach (var block in GuidelinesMarkdown.Parse(Markdown))
        {
            Block(builder, block);
        }
    }

    private static void Block(RenderTreeBuilder b, Block block)
    {
        switch (block)
        {
            case HeadingBlock heading:
                Element(b, $"h{Math.Clamp(heading.Level, 1, 6)}", heading.Inline);
                break;
            case ParagraphBlock paragraph:
                Element(b, "p", paragraph.Inline);
                break;
            case ListBlock list:
                b.OpenElement(1, list.IsOrdered ? "ol" : "ul");
                foreach (var item in list)
                {
                    b.OpenElement(2, "li");
                    b.OpenRegion(31);
                    Children(b, (ContainerBlock)item);
                    b.CloseRegion();
                    b.CloseElement();
                }
                b.CloseElement();
                break;
            case QuoteBlock quote:
                b.OpenElement(3, "blockquote");
                b.OpenRegion(32);
                Children(b, quote);
                b.CloseRegion();
                b.CloseElement();
                break;
            case CodeBlock code:
                b.OpenElement(4, "pre");
                b.OpenElement(5, "code");
                b.AddContent(6, string.Join("\n", code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())));
                b.CloseElement();
                b.CloseElement();
                break;
            case ThematicBreakBlock:
                b.OpenElement(7, "hr");
                b.CloseElement();
                break;
            case Table table:
                b.OpenElement(8, "table");
                foreach (var row in table.OfType<TableRow>())
                {
                    b.OpenElement(9, "tr");
                    foreach (var cell in row.OfType<TableCell>())
                    {
                        b.OpenElement(10, row.IsHeader ? "th" : "td");
                        foreach (var inner in cell)
                        {
                            if (inner is ParagraphBlock p)
                            {
                                b.OpenRegion(33);
                                Inlines(b, p.Inline);
                                b.CloseRegion();
                            }
                        }
                        b.CloseElement();
                    }
                    b.CloseElement();
                }
                b.CloseElement();
                break;
            case LeafBlock leaf:
                // Anything else with text (an HTML block, when raw HTML is off, is shown as its text).
                b.OpenElement(11, "p");
                b.AddContent(12, string.Join("\n", leaf.Lines.Lines.Take(leaf.Lines.Count).Select(l => l.ToString())));
                b.CloseElement();
                break;
            case ContainerBlock container:
                b.OpenRegion(34);
                Children(b, container);
                b.CloseRegion();
                break;
        }
    }

    private static void Children(RenderTreeBuilder b, ContainerBlock container)
    {
        foreach (var child in container)
        {
            b.OpenRegion(35);
            Block(b, child);
            b.CloseRegion();
        }
    }

    private static void Element(RenderTreeBuilder b, string name, ContainerInline? inline)
    {
        b.OpenElement(13, name);
        b.OpenRegion(36);
        Inlines(b, inline);
        b.CloseRegion();
        b.CloseElement();
    }

    private static void Inlines(RenderTreeBuilder b, ContainerInline? container)
    {
        if (container is null)
        {
            return;
        }
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    b.AddContent(14, literal.Content.ToString());
                    break;
                case CodeInline code:
                    b.OpenElement(15, "code");
                    b.AddContent(16, code.Content);
                    b.CloseElement();
                    break;
                case LineBreakInline line:
                    if (line.IsHard)
                    {
                        b.OpenElement(17, "br");
                        b.CloseElement();
                    }
                    else
                    {
                        b.AddContent(18, "\n");
                    }
                    break;
                case HtmlEntityInline entity:
                    b.AddContent(19, entity.Transcoded.ToString());
                    break;
                case HtmlInline html:
                    b.AddContent(20, html.Tag);
                    break;
                case TaskList task:
                    b.OpenElement(21, "input");
                    b.AddAttribute(22, "type", "checkbox");
                    b.AddAttribute(23, "disabled", true);
                    b.AddAttribute(24, "checked", task.Checked);
                    b.CloseElement();
                    break;
                case AutolinkInline autolink:
                    Link(b, autolink.IsEmail ? $"mailto:{autolink.Url}" : autolink.Url, builder => builder.AddContent(0, autolink.Url));
                    break;
                case LinkInline link:
                    // An image is shown as its link: pictures from anywhere would let a schema load third-party content.
                    var target = link.GetDynamicUrl?.Invoke() ?? link.Url ?? "#";
                    Link(b, target, builder =>
                    {
                        Inlines(builder, link);
                    });
                    break;
                case EmphasisInline emphasis:
                    b.OpenElement(25, emphasis.DelimiterChar == '~' ? "del" : emphasis.DelimiterCount >= 2 ? "strong" : "em");
                    b.OpenRegion(37);
                    Inlines(b, emphasis);
                    b.CloseRegion();
                    b.CloseElement();
                    break;
                case ContainerInline other:
                    b.OpenRegion(38);
                    Inlines(b, other);
                    b.CloseRegion();
                    break;
            }
        }
    }

    private static void Link(RenderTreeBuilder b, string url, RenderFragment content)
    {
        b.OpenElement(26, "a");
        b.AddAttribute(27, "href", url);
        b.AddAttribute(28, "rel", "noopener noreferrer nofollow");
        b.AddAttribute(29, "target", "_blank");
        b.AddContent(30, content);
        b.CloseElement();
    }
}
