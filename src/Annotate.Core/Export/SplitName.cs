namespace Annotate.Core.Export;

/// <summary>The three splits, in the order they are written and, for the time-ordered strategy, in time.</summary>
public enum SplitName
{
    Train = 0,
    Validation = 1,
    Test = 2,
}

/// <summary>The names splits have in files and manifests.</summary>
public static class SplitNames
{
    /// <summary>"train", "validation" or "test": the names Hugging Face datasets use.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="split"/> is not a defined split.</exception>
    public static string ToFileName(this SplitName split) => split switch
    {
        SplitName.Train => "train",
        SplitName.Validation => "validation",
        SplitName.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Not a split."),
    };
}
