namespace Annotate.Core.Agreement;

/// <summary>
/// Counts of value pairs between two sides over the items both labeled: an annotator against another annotator, or
/// against a reference. Rows and columns share one axis, <see cref="Labels"/>, the values either side used, in the
/// data's value order (reference values the annotators never used come last), so the diagonal is agreement.
/// </summary>
public sealed class ConfusionMatrix<T>
    where T : notnull
{
    private readonly T[] labels;
    private readonly int[] counts;

    internal ConfusionMatrix(T[] labels, int[] counts)
    {
        this.labels = labels;
        this.counts = counts;
        foreach (var count in counts)
        {
            Total += count;
        }
    }

    /// <summary>The values on both axes.</summary>
    public IReadOnlyList<T> Labels => labels;

    /// <summary>Items where the row side gave <c>Labels[row]</c> and the column side <c>Labels[column]</c>.</summary>
    /// <exception cref="IndexOutOfRangeException">An index is outside <see cref="Labels"/>.</exception>
    public int this[int row, int column] =>
        (uint)row < (uint)labels.Length && (uint)column < (uint)labels.Length
            ? counts[row * labels.Length + column]
            : throw new IndexOutOfRangeException($"The matrix has {labels.Length} labels; ({row}, {column}) is outside it.");

    /// <summary>All items counted.</summary>
    public int Total { get; }

    /// <summary>Items on the diagonal: both sides gave the same value.</summary>
    public int Agreeing
    {
        get
        {
            var sum = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                sum += counts[i * labels.Length + i];
            }
            return sum;
        }
    }

    /// <summary>The matrix as rows of counts, for serialisation.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Rows() =>
        [.. Enumerable.Range(0, labels.Length).Select(r => (IReadOnlyList<int>)counts.AsSpan(r * labels.Length, labels.Length).ToArray())];

    /// <summary>Builds the matrix from pairs of codes into <paramref name="values"/>, keeping only the codes used.</summary>
    internal static ConfusionMatrix<T> FromPairs(IReadOnlyList<T> values, List<(int Row, int Column)> pairs)
    {
        var used = new bool[values.Count];
        foreach (var (row, column) in pairs)
        {
            used[row] = true;
            used[column] = true;
        }
        var axis = new int[values.Count];
        var labels = new List<T>();
        for (var c = 0; c < values.Count; c++)
        {
            axis[c] = used[c] ? labels.Count : -1;
            if (used[c])
            {
                labels.Add(values[c]);
            }
        }
        var counts = new int[labels.Count * labels.Count];
        foreach (var (row, column) in pairs)
        {
            counts[axis[row] * labels.Count + axis[column]]++;
        }
        return new ConfusionMatrix<T>([.. labels], counts);
    }
}

/// <summary>Builds <see cref="ConfusionMatrix{T}"/>s from reliability data.</summary>
public static class ConfusionMatrix
{
    /// <summary>Annotator <paramref name="a"/> (rows) against annotator <paramref name="b"/> (columns) on the items both labeled.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An annotator index is out of range.</exception>
    public static ConfusionMatrix<T> Between<T>(ReliabilityData<T> data, int a, int b)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(a, data.Annotators.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(b, data.Annotators.Count);
        return ConfusionMatrix<T>.FromPairs(data.Values, CohensKappa.CollectPairs(data, a, b));
    }

    /// <summary>Annotator <paramref name="annotator"/> (rows) against a reference labeling (columns) on the items both have.</summary>
    /// <param name="data">The annotators' values.</param>
    /// <param name="annotator">An index into <see cref="ReliabilityData{T}.Annotators"/>.</param>
    /// <param name="reference">The reference value of each item, by item id; items not in the data are ignored.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="annotator"/> is out of range.</exception>
    public static ConfusionMatrix<T> VersusReference<T>(ReliabilityData<T> data, int annotator, IReadOnlyDictionary<string, T> reference)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfNegative(annotator);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(annotator, data.Annotators.Count);
        var coded = ReferenceCodes.Of(data, reference);
        return ConfusionMatrix<T>.FromPairs(coded.Values, coded.PairsWith(data, annotator));
    }
}
