namespace Annotate.Core.Ingest;

/// <summary>
/// A record that could not be read. The rest of the file is still readable, so an import can either fail with the
/// list of problems or skip these rows and report them.
/// </summary>
/// <param name="Row">The row, numbered as <see cref="SourceRecord.Row"/>.</param>
/// <param name="Field">The column the problem is in, or <see langword="null"/> when it concerns the whole row.</param>
/// <param name="Reason">What is wrong, in words for the person who made the file.</param>
public sealed record RecordProblem(long Row, string? Field, string Reason)
{
    /// <summary>"Row 3, field 'text': reason", the form used in reports.</summary>
    public override string ToString() => Field is null ? $"Row {Row}: {Reason}" : $"Row {Row}, field '{Field}': {Reason}";
}
