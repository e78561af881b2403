namespace Annotate.Core.Export.Splits;

/// <summary>How items are dealt to the splits.</summary>
public enum SplitStrategy
{
    /// <summary>A seeded shuffle cut at the ratios; split sizes are within one item of the ratios.</summary>
    Random = 0,

    /// <summary>
    /// Exact proportional allocation per class: each split's count of each class is within one item of the ideal
    /// (class size × ratio), and each split's size within one item of the ratios. One label per item.
    /// </summary>
    Stratified = 1,

    /// <summary>Iterative stratification for multi-label data (Sechidis, Tsoumakas &amp; Vlahavas 2011).</summary>
    Iterative = 2,

    /// <summary>
    /// Items that share a group key or a near-duplicate group stay in one split; within that constraint, groups are
    /// dealt to keep each split's class counts close to the ideal. The deviation is reported.
    /// </summary>
    Group = 3,

    /// <summary>By timestamp: everything in train is older than everything in validation, which is older than test.</summary>
    Time = 4,
}
