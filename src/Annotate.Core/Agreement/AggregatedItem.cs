namespace Annotate.Core.Agreement;

/// <summary>One item's aggregated label.</summary>
/// <param name="Item">The item id.</param>
/// <param name="Label">The aggregated label.</param>
/// <param name="Confidence">The probability of <paramref name="Label"/>: its share of the votes for majority vote, the
/// posterior for Dawid–Skene.</param>
/// <param name="Labels">How many annotators labeled the item.</param>
public sealed record AggregatedItem<T>(string Item, T Label, double Confidence, int Labels)
    where T : notnull;
