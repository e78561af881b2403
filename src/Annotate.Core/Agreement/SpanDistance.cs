using Annotate.Core.Labeling;

namespace Annotate.Core.Agreement;

/// <summary>
/// Differences between span-labeling answers, for <see cref="KrippendorffAlpha.WithDifference{T}"/>: 1 − F1 of one
/// answer's spans against the other's (F1 is symmetric, so it does not matter which is which). Two empty answers are
/// the same (0); an empty answer against a non-empty one is 1.
/// </summary>
public static class SpanDistance
{
    /// <summary>1 − F1 over whole spans: a span counts only when start, end and label all match.</summary>
    /// <exception cref="ArgumentNullException">A set is null.</exception>
    public static double ExactMatch(SpanSet a, SpanSet b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count + b.Count == 0)
        {
            return 0;
        }
        var theirs = new HashSet<SpanAnswer>(b.Spans);
        var matched = 0;
        foreach (var span in a.Spans)
        {
            matched += theirs.Contains(span) ? 1 : 0;
        }
        return 1 - 2.0 * matched / (a.Count + b.Count);
    }

    /// <summary>
    /// 1 − F1 over labeled characters: each side covers, for each label, the characters inside its spans of that label
    /// (overlapping spans of one label count once); the overlap is the characters both cover with the same label. So
    /// "New York" against "New York City" as a place gives partial credit, and a boundary off by one character costs
    /// little.
    /// </summary>
    /// <exception cref="ArgumentNullException">A set is null.</exception>
    public static double CharacterOverlap(SpanSet a, SpanSet b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var coverA = Coverage(a);
        var coverB = Coverage(b);
        long sizeA = 0, sizeB = 0, shared = 0;
        foreach (var (label, ranges) in coverA)
        {
            sizeA += Length(ranges);
            if (coverB.TryGetValue(label, out var other))
            {
                shared += Intersection(ranges, other);
            }
        }
        foreach (var ranges in coverB.Values)
        {
            sizeB += Length(ranges);
        }
        return sizeA + sizeB == 0 ? 0 : 1 - 2.0 * shared / (sizeA + sizeB);
    }

    /// <summary>For each label, its spans merged into disjoint ranges in order (the spans arrive sorted by start).</summary>
    private static Dictionary<string, List<(int Start, int End)>> Coverage(SpanSet set)
    {
        var cover = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        foreach (var span in set.Spans)
        {
            if (!cover.TryGetValue(span.Label, out var ranges))
            {
                cover[span.Label] = ranges = [];
            }
            if (ranges.Count > 0 && span.Start <= ranges[^1].Item2)
            {
                ranges[^1] = (ranges[^1].Item1, Math.Max(ranges[^1].Item2, span.End));
            }
            else
            {
                ranges.Add((span.Start, span.End));
            }
        }
        return cover;
    }

    private static long Length(List<(int Start, int End)> ranges)
    {
        long length = 0;
        foreach (var (start, end) in ranges)
        {
            length += end - start;
        }
        return length;
    }

    private static long Intersection(List<(int Start, int End)> x, List<(int Start, int End)> y)
    {
        long shared = 0;
        int i = 0, j = 0;
        while (i < x.Count && j < y.Count)
        {
            var overlap = Math.Min(x[i].End, y[j].End) - Math.Max(x[i].Start, y[j].Start);
            if (overlap > 0)
            {
                shared += overlap;
            }
            if (x[i].End < y[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return shared;
    }
}
