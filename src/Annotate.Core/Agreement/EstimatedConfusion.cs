namespace Annotate.Core.Agreement;

/// <summary>
/// One annotator's confusion matrix as a label model estimates it: rows are the (estimated) true class, columns the
/// label the annotator gave, and a cell holds the expected number of the annotator's labels in it. With hard truth
/// (majority vote) the counts are whole numbers; with Dawid–Skene posteriors an item spreads its one label over the
/// rows by its class probabilities. <see cref="Probability"/> normalises a row: Dawid and Skene's π(label | class).
/// </summary>
public sealed class EstimatedConfusion<T>
    where T : notnull
{
    private readonly T[] classes;
    private readonly double[] counts;

    internal EstimatedConfusion(T[] classes, double[] counts)
    {
        this.classes = classes;
        this.counts = counts;
        foreach (var count in counts)
        {
            Total += count;
        }
    }

    /// <summary>The classes on both axes.</summary>
    public IReadOnlyList<T> Classes => classes;

    /// <summary>The expected number of the annotator's labels: true class <paramref name="trueClass"/>, label <paramref name="label"/>.</summary>
    /// <exception cref="IndexOutOfRangeException">An index is outside <see cref="Classes"/>.</exception>
    public double this[int trueClass, int label] =>
        (uint)trueClass < (uint)classes.Length && (uint)label < (uint)classes.Length
            ? counts[trueClass * classes.Length + label]
            : throw new IndexOutOfRangeException($"The matrix has {classes.Length} classes; ({trueClass}, {label}) is outside it.");

    /// <summary>The annotator's labels counted (each label once, however it is spread).</summary>
    public double Total { get; }

    /// <summary>π(label | true class): the share of the annotator's labels on items of <paramref name="trueClass"/> that
    /// were <paramref name="label"/>; null when the annotator labeled no item of that class.</summary>
    /// <exception cref="IndexOutOfRangeException">An index is outside <see cref="Classes"/>.</exception>
    public double? Probability(int trueClass, int label)
    {
        var cell = this[trueClass, label];
        var row = RowTotal(trueClass);
        return row > 0 ? cell / row : null;
    }

    /// <summary>The expected number of the annotator's labels on items of <paramref name="trueClass"/>.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="trueClass"/> is outside <see cref="Classes"/>.</exception>
    public double RowTotal(int trueClass)
    {
        if ((uint)trueClass >= (uint)classes.Length)
        {
            throw new IndexOutOfRangeException($"The matrix has {classes.Length} classes; {trueClass} is outside it.");
        }
        double sum = 0;
        for (var l = 0; l < classes.Length; l++)
        {
            sum += counts[trueClass * classes.Length + l];
        }
        return sum;
    }

    /// <summary>The diagonal over the total: the share of the annotator's labels that are right; null when empty.</summary>
    public double? Accuracy
    {
        get
        {
            double right = 0;
            for (var y = 0; y < classes.Length; y++)
            {
                right += counts[y * classes.Length + y];
            }
            return Total > 0 ? right / Total : null;
        }
    }

    /// <summary>The counts as rows (true class) of cells (label), for serialisation.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Rows() =>
        [.. Enumerable.Range(0, classes.Length).Select(r => (IReadOnlyList<double>)counts.AsSpan(r * classes.Length, classes.Length).ToArray())];
}
