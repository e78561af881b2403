namespace Annotate.Core.Export.Balancing;

/// <summary>How the train split is balanced. Validation and test always keep the true distribution.</summary>
public enum BalanceMode
{
    /// <summary>Train as split.</summary>
    None = 0,

    /// <summary>Every class cut down, at random, to the size of the smallest class.</summary>
    Undersample = 1,

    /// <summary>Every class brought up to the size of the largest by copying its items (each copy marked as a duplicate).</summary>
    Oversample = 2,

    /// <summary>Every class cut down, at random, to at most <see cref="BalanceOptions.CapPerClass"/> items.</summary>
    Cap = 3,
}
