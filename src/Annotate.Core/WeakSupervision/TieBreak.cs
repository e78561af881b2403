namespace Annotate.Core.WeakSupervision;

/// <summary>What majority vote does when two or more classes get the most votes (and with items no LF voted on).</summary>
public enum TieBreak
{
    /// <summary>Pick the tied class with the largest class prior (then the smallest class index).</summary>
    ClassPrior,

    /// <summary>Give no label (−1) and confidence 0, so the item is left to a person.</summary>
    Abstain,
}
