namespace Annotate.Core.Export;

/// <summary>
/// A record as written to a split: the record itself, or (from oversampling) its <see cref="Copy"/>-th copy, which
/// gets an id of its own and says which item it duplicates.
/// </summary>
public sealed record ExportItem(SplitRecord Record, int Copy = 0)
{
    /// <summary>The record's id, or for a copy the id followed by <c>#dup</c> and the copy's number (<c>a17#dup2</c>).</summary>
    public string Id => Copy == 0 ? Record.Id : $"{Record.Id}#dup{Copy}";

    /// <summary>The id of the original for a copy, null otherwise.</summary>
    public string? DuplicateOf => Copy == 0 ? null : Record.Id;
}

/// <summary>One split's items in the order they are written.</summary>
public sealed record ExportSplit(SplitName Name, IReadOnlyList<ExportItem> Items);
