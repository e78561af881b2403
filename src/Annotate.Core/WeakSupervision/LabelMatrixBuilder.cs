namespace Annotate.Core.WeakSupervision;

/// <summary>
/// Collects votes one at a time, in any order, and turns them into a <see cref="LabelMatrix"/>. The web app fills it
/// from stored LF outputs (one row per non-abstaining vote); files with one column per LF use <see cref="AddItem"/>.
/// Not thread-safe.
/// </summary>
/// <remarks>
/// Votes cost 8 bytes each while collected. <see cref="Build"/> sorts them by item with a counting sort (skipped when
/// they already came in item order) and by LF within an item, so the order of <see cref="Add"/> calls never changes
/// the matrix.
/// </remarks>
public sealed class LabelMatrixBuilder
{
    private int[] items = new int[1024];
    private int[] cells = new int[1024];
    private int count;
    private int itemCount;
    private bool inItemOrder = true;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lfCount"/> is negative, <paramref name="classCount"/>
    /// is under 2, or LFs × classes does not fit an <c>int</c>.</exception>
    public LabelMatrixBuilder(int lfCount, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lfCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if ((long)lfCount * classCount > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(lfCount), lfCount, "LFs × classes must fit a 32-bit integer.");
        }
        LfCount = lfCount;
        ClassCount = classCount;
    }

    /// <summary>Number of LFs (columns).</summary>
    public int LfCount { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Items so far: one more than the largest item index seen, or what <see cref="AddItem"/> and
    /// <see cref="EnsureItemCount"/> made it.</summary>
    public int ItemCount => itemCount;

    /// <summary>Records that <paramref name="lf"/> voted <paramref name="label"/> on <paramref name="item"/>; a label of
    /// −1 (abstain) is accepted and ignored. Voting twice for one (item, LF) fails in <see cref="Build"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The item is negative, the LF is out of range or the label is not
    /// −1..K−1.</exception>
    public void Add(int item, int lf, int label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        if (item == int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(item), item, "Item indexes must be below int.MaxValue.");
        }
        CheckLf(lf);
        if (label < -1 || label >= ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label,
                $"Item {item}, LF {lf}: {label} is not a class (0–{ClassCount - 1}) or −1 (abstain).");
        }
        if (label == -1)
        {
            itemCount = Math.Max(itemCount, item + 1);
            return;
        }
        if (count > 0 && item < items[count - 1])
        {
            inItemOrder = false;
        }
        Append(item, lf * ClassCount + label);
        itemCount = Math.Max(itemCount, item + 1);
    }

    /// <summary>Appends a new item whose votes are given per LF (−1 = abstain) and returns its index.</summary>
    /// <exception cref="ArgumentException"><paramref name="votesByLf"/> does not have one entry per LF, or an entry is
    /// not −1..K−1 (the message names the item and the LF).</exception>
    public int AddItem(ReadOnlySpan<int> votesByLf)
    {
        if (votesByLf.Length != LfCount)
        {
            throw new ArgumentException($"Item {itemCount} has {votesByLf.Length} votes; expected one per LF ({LfCount}).", nameof(votesByLf));
        }
        for (var lf = 0; lf < votesByLf.Length; lf++)
        {
            var label = votesByLf[lf];
            if (label < -1 || label >= ClassCount)
            {
                throw new ArgumentException(
                    $"Item {itemCount}, LF {lf}: {label} is not a class (0–{ClassCount - 1}) or −1 (abstain).", nameof(votesByLf));
            }
        }
        var item = itemCount;
        if (count > 0 && item < items[count - 1])
        {
            inItemOrder = false;
        }
        for (var lf = 0; lf < votesByLf.Length; lf++)
        {
            if (votesByLf[lf] >= 0)
            {
                Append(item, lf * ClassCount + votesByLf[lf]);
            }
        }
        itemCount = item + 1;
        return item;
    }

    /// <summary>Makes sure the matrix has at least <paramref name="count"/> items (trailing items may have no votes).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void EnsureItemCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        itemCount = Math.Max(itemCount, count);
    }

    /// <summary>The matrix of the votes added so far. The builder can go on collecting afterwards.</summary>
    /// <exception cref="InvalidOperationException">An LF voted twice on one item (the message names both).</exception>
    public LabelMatrix Build()
    {
        var rowStarts = new int[itemCount + 1];
        for (var v = 0; v < count; v++)
        {
            rowStarts[items[v] + 1]++;
        }
        for (var i = 0; i < itemCount; i++)
        {
            rowStarts[i + 1] += rowStarts[i];
        }
        int[] sorted;
        if (inItemOrder)
        {
            sorted = cells.AsSpan(0, count).ToArray();
        }
        else
        {
            sorted = new int[count];
            var next = rowStarts.AsSpan(0, itemCount).ToArray();
            for (var v = 0; v < count; v++)
            {
                sorted[next[items[v]]++] = cells[v];
            }
        }
        for (var i = 0; i < itemCount; i++)
        {
            var row = sorted.AsSpan(rowStarts[i], rowStarts[i + 1] - rowStarts[i]);
            if (!IsAscending(row))
            {
                row.Sort();
            }
            for (var v = 1; v < row.Length; v++)
            {
                if (row[v] / ClassCount == row[v - 1] / ClassCount)
                {
                    throw new InvalidOperationException(
                        $"LF {row[v] / ClassCount} voted twice on item {i} ({row[v - 1] % ClassCount} and {row[v] % ClassCount}).");
                }
            }
        }
        return new LabelMatrix(LfCount, ClassCount, rowStarts, sorted);
    }

    private static bool IsAscending(ReadOnlySpan<int> row)
    {
        for (var v = 1; v < row.Length; v++)
        {
            if (row[v] < row[v - 1])
            {
                return false;
            }
        }
        return true;
    }

    private void CheckLf(int lf)
    {
        if (lf < 0 || lf >= LfCount)
        {
            throw new ArgumentOutOfRangeException(nameof(lf), lf, $"LFs are 0–{LfCount - 1}.");
        }
    }

    private void Append(int item, int cell)
    {
        if (count == cells.Length)
        {
            var size = (int)Math.Min(Array.MaxLength, 2L * cells.Length);
            if (size == count)
            {
                throw new InvalidOperationException("Too many votes for one matrix.");
            }
            Array.Resize(ref items, size);
            Array.Resize(ref cells, size);
        }
        items[count] = item;
        cells[count] = cell;
        count++;
    }
}
