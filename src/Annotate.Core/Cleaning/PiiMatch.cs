namespace Annotate.Core.Cleaning;

/// <summary>One piece of personal data in a text: <paramref name="Length"/> UTF-16 code units from
/// <paramref name="Start"/>.</summary>
public readonly record struct PiiMatch(PiiKind Kind, int Start, int Length)
{
    /// <summary>The index just past the match.</summary>
    public int End => Start + Length;
}
