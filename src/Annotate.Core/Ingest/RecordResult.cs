namespace Annotate.Core.Ingest;

/// <summary>What reading one row gave: a record or a problem; exactly one of the two is set.</summary>
public readonly record struct RecordResult(SourceRecord? Record, RecordProblem? Problem)
{
    /// <summary>True when the row could not be read and <see cref="Problem"/> says why.</summary>
    public bool IsProblem => Problem is not null;

    /// <summary>A row that was read.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public static RecordResult Ok(SourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new RecordResult(record, null);
    }

    /// <summary>A row that could not be read.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    public static RecordResult Bad(RecordProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new RecordResult(null, problem);
    }
}
