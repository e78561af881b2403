namespace Annotate.Core.Agreement;

/// <summary>
/// The labels of one multi-label answer, as a value for agreement: a set (order and repeats do not matter), compared
/// by content. An empty set is a value too (the annotator chose no label), distinct from a missing answer.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>
{
    private readonly string[] labels;
    private readonly int hash;

    /// <exception cref="ArgumentNullException"><paramref name="labels"/> or one of them is null.</exception>
    public LabelSet(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var sorted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            ArgumentNullException.ThrowIfNull(label, nameof(labels));
            sorted.Add(label);
        }
        this.labels = [.. sorted];
        var hashCode = new HashCode();
        foreach (var label in this.labels)
        {
            hashCode.Add(label, StringComparer.Ordinal);
        }
        hash = hashCode.ToHashCode();
    }

    /// <summary>The labels, sorted ordinally, each once.</summary>
    public IReadOnlyList<string> Labels => labels;

    public int Count => labels.Length;

    /// <summary>How many labels the two sets share.</summary>
    public int IntersectionCount(LabelSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int i = 0, j = 0, shared = 0;
        while (i < labels.Length && j < other.labels.Length)
        {
            var order = string.CompareOrdinal(labels[i], other.labels[j]);
            if (order == 0)
            {
                shared++;
                i++;
                j++;
            }
            else if (order < 0)
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

    public bool Equals(LabelSet? other) =>
        other is not null && hash == other.hash && labels.AsSpan().SequenceEqual(other.labels);

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => hash;

    /// <summary>"{a, b}", as reports show it.</summary>
    public override string ToString() => "{" + string.Join(", ", labels) + "}";
}
