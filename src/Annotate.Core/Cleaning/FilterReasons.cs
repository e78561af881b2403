namespace Annotate.Core.Cleaning;

/// <summary>The values of <see cref="CleanedText.FilteredReason"/>; stable, since they are stored and exported.</summary>
public static class FilterReasons
{
    public const string Pii = "pii";
    public const string TooShort = "too_short";
    public const string TooLong = "too_long";
    public const string TooFewTokens = "too_few_tokens";
    public const string TooManyTokens = "too_many_tokens";
}
