namespace Annotate.Core.Cleaning;

/// <summary>The result of cleaning one item.</summary>
/// <param name="Text">The cleaned text (masked when personal data is masked or dropped).</param>
/// <param name="Original">The input text, when <see cref="CleaningOptions.KeepOriginal"/> is on and cleaning changed
/// it; otherwise null.</param>
/// <param name="Pii">Every kind of personal data found (None when not looked for).</param>
/// <param name="PiiCounts">Matches per kind; only kinds that occur.</param>
/// <param name="Tokens">o200k_base tokens in <paramref name="Text"/>.</param>
/// <param name="FilteredReason">Why the item is filtered out (one of <see cref="FilterReasons"/>), or null to keep it.</param>
public sealed record CleanedText(
    string Text,
    string? Original,
    PiiKind Pii,
    IReadOnlyDictionary<PiiKind, int> PiiCounts,
    int Tokens,
    string? FilteredReason)
{
    /// <summary>True when the item passes every filter.</summary>
    public bool IsKept => FilteredReason is null;
}
