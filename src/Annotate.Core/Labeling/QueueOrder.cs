namespace Annotate.Core.Labeling;

/// <summary>The order a project's queue hands items out in.</summary>
public enum QueueOrder
{
    /// <summary>Items with the fewest submitted answers first, then in import order.</summary>
    LeastAnnotated = 0,

    /// <summary>A shuffled order, the same for the same seed.</summary>
    Random = 1,

    /// <summary>By the value of a metadata field (numbers as numbers, then text, missing values last), then in import order.</summary>
    MetadataField = 2,

    /// <summary>Items whose weak label is least certain (highest entropy of the label model's output) first.</summary>
    Uncertainty = 3,

    /// <summary>Items whose weak label is the class with the fewest answers so far first (helps balance the data).</summary>
    MinorityFirst = 4,
}
