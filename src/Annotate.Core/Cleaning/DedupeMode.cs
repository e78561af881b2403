namespace Annotate.Core.Cleaning;

/// <summary>Which duplicates the caller marks across items: <see cref="ContentHash"/> with
/// <see cref="ExactDuplicates"/> for Exact, plus <see cref="NearDuplicateIndex"/> for Near.</summary>
public enum DedupeMode
{
    None,
    Exact,
    Near,
}
