using Annotate.Core.Labeling;

namespace Annotate.Core.Agreement;

/// <summary>
/// The spans of one span-labeling answer, as a value for agreement: a set of labeled character ranges compared by
/// content. An empty set is a value (the annotator found nothing to mark), distinct from a missing answer.
/// </summary>
public sealed class SpanSet : IEquatable<SpanSet>
{
    private readonly SpanAnswer[] spans;
    private readonly int hash;

    /// <exception cref="ArgumentNullException"><paramref name="spans"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">A span does not have 0 ≤ Start &lt; End.</exception>
    public SpanSet(IEnumerable<SpanAnswer> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var distinct = new HashSet<SpanAnswer>();
        foreach (var span in spans)
        {
            ArgumentNullException.ThrowIfNull(span, nameof(spans));
            if (span.Start < 0 || span.End <= span.Start)
            {
                throw new ArgumentException($"The span {span.Start}–{span.End} ('{span.Label}') does not have 0 ≤ start < end.", nameof(spans));
            }
            distinct.Add(span);
        }
        this.spans = [.. distinct];
        Array.Sort(this.spans, static (x, y) =>
            x.Start != y.Start ? x.Start.CompareTo(y.Start)
            : x.End != y.End ? x.End.CompareTo(y.End)
            : string.CompareOrdinal(x.Label, y.Label));
        var hashCode = new HashCode();
        foreach (var span in this.spans)
        {
            hashCode.Add(span);
        }
        hash = hashCode.ToHashCode();
    }

    /// <summary>The spans by start, end and label, each once.</summary>
    public IReadOnlyList<SpanAnswer> Spans => spans;

    public int Count => spans.Length;

    public bool Equals(SpanSet? other) =>
        other is not null && hash == other.hash && spans.AsSpan().SequenceEqual(other.spans);

    public override bool Equals(object? obj) => Equals(obj as SpanSet);

    public override int GetHashCode() => hash;

    /// <summary>"{0–5 PER, 9–14 ORG}", as reports show it.</summary>
    public override string ToString() => "{" + string.Join(", ", spans.Select(s => $"{s.Start}–{s.End} {s.Label}")) + "}";
}
