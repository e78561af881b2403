namespace Annotate.Web.Features.Cleaning;

public enum PiiHandling
{
    /// <summary>Leave the text alone and do not look.</summary>
    Keep,

    /// <summary>Detect and count, leave the text.</summary>
    Flag,

    /// <summary>Replace each match by a placeholder such as [EMAIL].</summary>
    Mask,

    /// <summary>Mark the item filtered.</summary>
    Drop,
}

public enum DedupeMode
{
    None,
    Exact,
    Near,
}

/// <summary>A project's cleaning rules, applied on import and re-runnable as a job.</summary>
public sealed record CleaningSettings(
    bool Normalize = true,
    bool HtmlToText = true,
    PiiHandling Pii = PiiHandling.Mask,
    bool KeepOriginal = true,
    int? MinChars = null,
    int? MaxChars = null,
    int? MinTokens = null,
    int? MaxTokens = null,
    DedupeMode Dedupe = DedupeMode.Near,
    double NearThreshold = 0.8)
{
    public static CleaningSettings Default { get; } = new();
}
