namespace Annotate.Core.Agreement;

/// <summary>
/// Reliability data, in Krippendorff's sense: the value each annotator gave each item. An annotator may leave an item
/// out (a missing value), and items may have different numbers of annotators. Every coefficient in this folder reads
/// this one shape, whatever the values are: labels, ratings, label sets (<see cref="LabelSet"/>) or span sets
/// (<see cref="SpanSet"/>).
/// </summary>
/// <remarks>
/// Build it with <see cref="ReliabilityDataBuilder{T}"/>. Items, annotators and values are numbered in the order they
/// were first added, so every result is the same for the same input. Values are stored as small integer codes (an
/// index into <see cref="Values"/>), item by item, with each item's ratings in annotator order; the coefficients run
/// over these arrays and allocate little. An annotator-by-annotator view is built on first use by the pairwise
/// measures. Instances are immutable and safe to share between threads.
/// </remarks>
/// <typeparam name="T">The value type; equal values (by <see cref="Comparer"/>) share one code.</typeparam>
public sealed class ReliabilityData<T>
    where T : notnull
{
    private readonly string[] items;
    private readonly string[] annotators;
    private readonly T[] values;
    private readonly int[] itemStart;
    private readonly int[] ratingAnnotator;
    private readonly int[] ratingValue;
    private AnnotatorIndex? byAnnotator;

    internal ReliabilityData(
        string[] items, string[] annotators, T[] values, IEqualityComparer<T> comparer,
        int[] itemStart, int[] ratingAnnotator, int[] ratingValue)
    {
        this.items = items;
        this.annotators = annotators;
        this.values = values;
        this.itemStart = itemStart;
        this.ratingAnnotator = ratingAnnotator;
        this.ratingValue = ratingValue;
        Comparer = comparer;
        var pairable = 0;
        for (var item = 0; item < items.Length; item++)
        {
            pairable += itemStart[item + 1] - itemStart[item] >= 2 ? 1 : 0;
        }
        PairableItemCount = pairable;
    }

    /// <summary>Every item, in the order first added; an item whose values are all missing is still listed.</summary>
    public IReadOnlyList<string> Items => items;

    /// <summary>Every annotator, in the order first added.</summary>
    public IReadOnlyList<string> Annotators => annotators;

    /// <summary>The distinct values given, in the order first seen; a value's code is its index here.</summary>
    public IReadOnlyList<T> Values => values;

    /// <summary>How values are compared.</summary>
    public IEqualityComparer<T> Comparer { get; }

    /// <summary>How many values were given (missing values not counted).</summary>
    public int RatingCount => ratingValue.Length;

    /// <summary>Items with values from at least two annotators: the only ones a pair of values can come from.</summary>
    public int PairableItemCount { get; }

    /// <summary>The annotators (by index, ascending) who gave item <paramref name="item"/> a value.</summary>
    public ReadOnlySpan<int> AnnotatorsOf(int item) => ratingAnnotator.AsSpan(itemStart[item], itemStart[item + 1] - itemStart[item]);

    /// <summary>The value codes of item <paramref name="item"/>, aligned with <see cref="AnnotatorsOf"/>.</summary>
    public ReadOnlySpan<int> ValueCodesOf(int item) => ratingValue.AsSpan(itemStart[item], itemStart[item + 1] - itemStart[item]);

    /// <summary>The code of the value annotator <paramref name="annotator"/> gave item <paramref name="item"/>, or -1 when missing.</summary>
    public int ValueCodeOf(int item, int annotator)
    {
        var found = AnnotatorsOf(item).BinarySearch(annotator);
        return found >= 0 ? ratingValue[itemStart[item] + found] : -1;
    }

    /// <summary>The index of an annotator, or -1.</summary>
    public int IndexOfAnnotator(string annotator) => Array.IndexOf(annotators, annotator);

    /// <summary>The index of an item, or -1.</summary>
    public int IndexOfItem(string item) => Array.IndexOf(items, item);

    internal int[] ItemStart => itemStart;

    internal int[] RatingAnnotators => ratingAnnotator;

    internal int[] RatingValues => ratingValue;

    /// <summary>The same ratings, annotator by annotator (items ascending), for the measures that compare annotators.</summary>
    internal AnnotatorIndex ByAnnotator
    {
        get
        {
            var index = Volatile.Read(ref byAnnotator);
            if (index is null)
            {
                // Building twice on a race is harmless: both copies are equal.
                index = AnnotatorIndex.Build(this);
                Volatile.Write(ref byAnnotator, index);
            }
            return index;
        }
    }

    /// <summary>The ratings grouped by annotator: for annotator a, items and value codes in [Start[a], Start[a+1]).</summary>
    internal sealed class AnnotatorIndex(int[] start, int[] item, int[] value)
    {
        public int[] Start { get; } = start;

        public int[] Item { get; } = item;

        public int[] Value { get; } = value;

        public int CountOf(int annotator) => Start[annotator + 1] - Start[annotator];

        public static AnnotatorIndex Build(ReliabilityData<T> data)
        {
            var start = new int[data.annotators.Length + 1];
            foreach (var a in data.ratingAnnotator)
            {
                start[a + 1]++;
            }
            for (var a = 0; a < data.annotators.Length; a++)
            {
                start[a + 1] += start[a];
            }
            var next = start[..^1];
            var item = new int[data.ratingValue.Length];
            var value = new int[data.ratingValue.Length];
            // Items are visited in ascending order, so each annotator's list comes out sorted by item.
            for (var u = 0; u < data.items.Length; u++)
            {
                for (var r = data.itemStart[u]; r < data.itemStart[u + 1]; r++)
                {
                    var slot = next[data.ratingAnnotator[r]]++;
                    item[slot] = u;
                    value[slot] = data.ratingValue[r];
                }
            }
            return new AnnotatorIndex(start, item, value);
        }
    }
}
