using System.Runtime.InteropServices;

namespace Annotate.Core.Agreement;

/// <summary>
/// Collects ratings (item, annotator, value) into <see cref="ReliabilityData{T}"/>. Each annotator gives each item at
/// most one value; <see cref="AddMissing"/> records that an annotator saw an item and gave no value, so the item and
/// the annotator are counted even when they have no value at all.
/// </summary>
/// <param name="comparer">How values are compared; the default comparer when null.</param>
public sealed class ReliabilityDataBuilder<T>(IEqualityComparer<T>? comparer = null)
    where T : notnull
{
    private readonly IEqualityComparer<T> comparer = comparer ?? EqualityComparer<T>.Default;
    private readonly Dictionary<string, int> itemIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> annotatorIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<T, int> valueIndex = new(comparer ?? EqualityComparer<T>.Default);
    private readonly List<string> items = [];
    private readonly List<string> annotators = [];
    private readonly List<T> values = [];
    private readonly HashSet<long> seen = [];
    private readonly List<Rating> ratings = [];

    /// <summary>How many values were added so far (missing values not counted).</summary>
    public int RatingCount => ratings.Count;

    /// <summary>Adds the value <paramref name="annotator"/> gave <paramref name="item"/>.</summary>
    /// <exception cref="ArgumentException">An id is null or empty, or this annotator already has a value (or a missing value) for this item.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public ReliabilityDataBuilder<T> Add(string item, string annotator, T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (u, a) = Register(item, annotator);
        ref var code = ref CollectionsMarshal.GetValueRefOrAddDefault(valueIndex, value, out var exists);
        if (!exists)
        {
            code = values.Count;
            values.Add(value);
        }
        ratings.Add(new Rating(u, a, code));
        return this;
    }

    /// <summary>Records that <paramref name="annotator"/> gave <paramref name="item"/> no value.</summary>
    /// <exception cref="ArgumentException">An id is null or empty, or this annotator already has an entry for this item.</exception>
    public ReliabilityDataBuilder<T> AddMissing(string item, string annotator)
    {
        Register(item, annotator);
        return this;
    }

    /// <summary>The data collected so far; the builder can go on collecting.</summary>
    public ReliabilityData<T> Build()
    {
        var start = new int[items.Count + 1];
        foreach (var rating in ratings)
        {
            start[rating.Item + 1]++;
        }
        for (var u = 0; u < items.Count; u++)
        {
            start[u + 1] += start[u];
        }
        var next = start[..^1];
        var ratingAnnotator = new int[ratings.Count];
        var ratingValue = new int[ratings.Count];
        foreach (var rating in ratings)
        {
            var slot = next[rating.Item]++;
            ratingAnnotator[slot] = rating.Annotator;
            ratingValue[slot] = rating.Value;
        }
        for (var u = 0; u < items.Count; u++)
        {
            // Insertion sort by annotator: an item has a handful of ratings.
            for (var i = start[u] + 1; i < start[u + 1]; i++)
            {
                var a = ratingAnnotator[i];
                var v = ratingValue[i];
                var j = i - 1;
                while (j >= start[u] && ratingAnnotator[j] > a)
                {
                    ratingAnnotator[j + 1] = ratingAnnotator[j];
                    ratingValue[j + 1] = ratingValue[j];
                    j--;
                }
                ratingAnnotator[j + 1] = a;
                ratingValue[j + 1] = v;
            }
        }
        return new ReliabilityData<T>([.. items], [.. annotators], [.. values], comparer, start, ratingAnnotator, ratingValue);
    }

    private (int Item, int Annotator) Register(string item, string annotator)
    {
        ArgumentException.ThrowIfNullOrEmpty(item);
        ArgumentException.ThrowIfNullOrEmpty(annotator);
        var u = IndexOf(itemIndex, items, item);
        var a = IndexOf(annotatorIndex, annotators, annotator);
        if (!seen.Add(((long)u << 32) | (uint)a))
        {
            throw new ArgumentException($"Annotator '{annotator}' already has an entry for item '{item}'; each annotator gives an item one value at most.");
        }
        return (u, a);
    }

    private static int IndexOf(Dictionary<string, int> index, List<string> names, string name)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, name, out var exists);
        if (!exists)
        {
            slot = names.Count;
            names.Add(name);
        }
        return slot;
    }

    private readonly record struct Rating(int Item, int Annotator, int Value);
}
