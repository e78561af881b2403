namespace Annotate.Core.Ingest;

/// <summary>
/// The file as a whole cannot be read: it is empty, binary, not valid in its format from some point on, or its
/// header is unusable. The message says what is wrong and where; <see cref="Row"/> and <see cref="Field"/> give the
/// place when there is one. Records already read before it was thrown must not be kept on their own.
/// </summary>
public sealed class IngestException : Exception
{
    public IngestException(string message)
        : this(message, row: null, field: null, innerException: null)
    {
    }

    public IngestException(string message, long? row, string? field)
        : this(message, row, field, innerException: null)
    {
    }

    public IngestException(string message, long? row, string? field, Exception? innerException)
        : base(message, innerException)
    {
        Row = row;
        Field = field;
    }

    /// <summary>The row where reading had to stop, numbered as <see cref="SourceRecord.Row"/>, if any.</summary>
    public long? Row { get; }

    /// <summary>The column involved, if any.</summary>
    public string? Field { get; }
}
