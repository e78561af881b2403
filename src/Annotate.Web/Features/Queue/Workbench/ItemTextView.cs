using Annotate.Core.Labeling;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace Annotate.Web.Features.Queue.Workbench;

/// <summary>
/// The item text with its labeled spans marked by offsets. Every piece of text is its own escaped text node and nothing
/// else is inside the container (the label name is drawn by CSS from a data attribute), so the container's text is
/// exactly the item's characters and a browser selection maps to the same offsets the server stores.
/// </summary>
public sealed class ItemTextView : ComponentBase
{
    [Parameter, EditorRequired]
    public string Text { get; set; } = "";

    [Parameter]
    public IReadOnlyList<SpanAnswer> Spans { get; set; } = [];

    /// <summary>The question whose labels give the spans their names and colours.</summary>
    [Parameter]
    public QuestionDefinition? Question { get; set; }

    /// <summary>A selection waiting for a label, shown outlined.</summary>
    [Parameter]
    public (int Start, int End)? Pending { get; set; }

    /// <summary>A click on a labeled span (the workbench removes it).</summary>
    [Parameter]
    public EventCallback<SpanAnswer> OnSpanClick { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "item-text-view");
        builder.AddAttribute(2, "data-item-text", true);
        builder.AddAttribute(3, "data-testid", "item-text");
        foreach (var segment in Segments())
        {
            if (segment.Spans.Count == 0 && !segment.Pending)
            {
                builder.AddContent(10, segment.Text);
                continue;
            }
            builder.OpenElement(20, "mark");
            builder.SetKey(segment.Start);
            builder.AddAttribute(21, "class", "span-mark" + (segment.Pending ? " pending" : "") + (segment.Spans.Count > 1 ? " overlap" : "") + (segment.EndsSpan ? " span-end" : ""));
            if (segment.Spans.Count > 0)
            {
                var first = segment.Spans[0];
                // Colours come from the schema, which only accepts #rrggbb.
                builder.AddAttribute(22, "style", $"--span-color: {ColorOf(first)}");
                builder.AddAttribute(23, "data-label", segment.EndsSpan ? string.Join(" + ", segment.Spans.Where(s => s.End == segment.End).Select(NameOf)) : null);
                builder.AddAttribute(24, "data-testid", "span");
                builder.AddAttribute(25, "data-span", $"{first.Start}-{first.End}:{first.Label}");
                builder.AddAttribute(26, "title", string.Join(", ", segment.Spans.Select(s => $"{NameOf(s)} (click to remove)")));
                builder.AddAttribute(27, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => OnSpanClick.InvokeAsync(first)));
            }
            else
            {
                builder.AddAttribute(24, "data-testid", "pending-selection");
            }
            builder.AddContent(28, segment.Text);
            builder.CloseElement();
        }
        builder.CloseElement();
    }

    private sealed record Segment(int Start, int End, string Text, IReadOnlyList<SpanAnswer> Spans, bool EndsSpan, bool Pending);

    private IEnumerable<Segment> Segments()
    {
        var valid = Spans.Where(s => s.Start >= 0 && s.End <= Text.Length && s.Start < s.End).ToList();
        var cuts = new SortedSet<int> { 0, Text.Length };
        foreach (var s in valid)
        {
            cuts.Add(s.Start);
            cuts.Add(s.End);
        }
        var pending = Pending is { } p && p.Start < p.End && p.End <= Text.Length ? p : ((int, int)?)null;
        if (pending is { } q)
        {
            cuts.Add(q.Item1);
            cuts.Add(q.Item2);
        }
        var points = cuts.ToList();
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var (start, end) = (points[i], points[i + 1]);
            var covering = valid.Where(s => s.Start <= start && end <= s.End).ToList();
            var inPending = pending is { } r && r.Item1 <= start && end <= r.Item2;
            yield return new Segment(start, end, Text[start..end], covering, covering.Any(s => s.End == end), inPending);
        }
    }

    private LabelDefinition? Find(SpanAnswer span) => Question?.AllLabels.FirstOrDefault(l => l.Key == span.Label);

    private string NameOf(SpanAnswer span) => Find(span)?.Name ?? span.Label;

    private string ColorOf(SpanAnswer span) => Find(span)?.Color ?? "#9e9e9e";
}
