namespace Annotate.Core.WeakSupervision;

/// <summary>
/// The votes of labeling functions (LFs) on items: a sparse items × LFs matrix in which a cell holds the class an LF
/// voted for, or nothing when it abstained. Immutable; made by <see cref="LabelMatrixBuilder"/>.
/// </summary>
/// <remarks>
/// <para>Stored as compressed sparse rows: per item, the start of its votes in one array, and per vote one
/// <c>int</c> "cell" = <c>lf × ClassCount + label</c>, sorted by LF within the item. One int per vote is all the label
/// models read in their inner loops (a cell indexes their per-(LF, label) tables directly), so a million items with
/// five votes each take 20 MB for the votes plus 4 MB for the row starts. Abstentions take no space.</para>
/// <para>An item with no votes is "uncovered"; every model gives it the class prior.</para>
/// </remarks>
public sealed class LabelMatrix
{
    private readonly int[] rowStarts;
    private readonly int[] cells;

    internal LabelMatrix(int lfCount, int classCount, int[] rowStarts, int[] cells)
    {
        LfCount = lfCount;
        ClassCount = classCount;
        this.rowStarts = rowStarts;
        this.cells = cells;
    }

    /// <summary>Number of items (rows), covered or not.</summary>
    public int ItemCount => rowStarts.Length - 1;

    /// <summary>Number of labeling functions (columns).</summary>
    public int LfCount { get; }

    /// <summary>Number of classes K; votes are class indexes 0..K−1.</summary>
    public int ClassCount { get; }

    /// <summary>Number of votes (non-abstaining cells).</summary>
    public int VoteCount => cells.Length;

    /// <summary>The votes of one item as cells (<c>lf × ClassCount + label</c>), in LF order; empty when uncovered.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="item"/> is not an item of the matrix.</exception>
    public ReadOnlySpan<int> VotesOf(int item)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item, ItemCount);
        return cells.AsSpan(rowStarts[item], rowStarts[item + 1] - rowStarts[item]);
    }

    /// <summary>The LF of a cell from <see cref="VotesOf"/>.</summary>
    public int LfOf(int cell) => cell / ClassCount;

    /// <summary>The class voted for in a cell from <see cref="VotesOf"/>.</summary>
    public int LabelOf(int cell) => cell % ClassCount;

    /// <summary>What <paramref name="lf"/> voted on <paramref name="item"/>: a class, or −1 when it abstained.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The item or the LF is out of range.</exception>
    public int VoteOf(int item, int lf)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lf);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lf, LfCount);
        var votes = VotesOf(item);
        int low = 0, high = votes.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var middleLf = votes[middle] / ClassCount;
            if (middleLf == lf)
            {
                return votes[middle] % ClassCount;
            }
            if (middleLf < lf)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return -1;
    }

    /// <summary>True when at least one LF voted on the item.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="item"/> is not an item of the matrix.</exception>
    public bool HasVotes(int item)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item, ItemCount);
        return rowStarts[item + 1] > rowStarts[item];
    }

    /// <summary>Items with at least one vote.</summary>
    public int CoveredCount()
    {
        var covered = 0;
        for (var i = 0; i < ItemCount; i++)
        {
            if (rowStarts[i + 1] > rowStarts[i])
            {
                covered++;
            }
        }
        return covered;
    }

    /// <summary>The row starts (<see cref="ItemCount"/> + 1 entries) for the models' inner loops.</summary>
    internal ReadOnlySpan<int> RowStarts => rowStarts;

    /// <summary>Every vote's cell, row after row, for the models' inner loops.</summary>
    internal ReadOnlySpan<int> Cells => cells;

    /// <summary>
    /// A matrix from dense rows: <c>rows[i][j]</c> is LF j's vote on item i, −1 for abstain (the WRENCH and Snorkel
    /// layout). Every row must have <paramref name="lfCount"/> entries.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or one of its rows is null.</exception>
    /// <exception cref="ArgumentException">A row has the wrong length or a vote outside −1..K−1 (the message names
    /// the row and LF).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lfCount"/> or <paramref name="classCount"/> is out of range.</exception>
    public static LabelMatrix FromRows(IEnumerable<int[]> rows, int lfCount, int classCount)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var builder = new LabelMatrixBuilder(lfCount, classCount);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            builder.AddItem(row);
        }
        return builder.Build();
    }
}
