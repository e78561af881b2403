namespace Annotate.Core.Cleaning;

/// <summary>What <see cref="TextCleaner"/> does with personal data.</summary>
public enum PiiHandling
{
    /// <summary>Leave the text alone and do not look for personal data.</summary>
    Keep,

    /// <summary>Find and count personal data; leave the text unchanged.</summary>
    Flag,

    /// <summary>Replace personal data with placeholders such as [EMAIL].</summary>
    Mask,

    /// <summary>Filter out items that contain personal data (reason "pii"); their text is masked.</summary>
    Drop,
}
