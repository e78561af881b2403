namespace Annotate.Core.Agreement;

/// <summary>Percent agreement over the pairable items.</summary>
/// <param name="Value">The mean, over pairable items, of the share of annotator pairs on the item that gave the same value; null when no item is pairable.</param>
/// <param name="PairableItems">Items with at least two values.</param>
/// <param name="UndefinedReason">Why <paramref name="Value"/> is null.</param>
public sealed record PercentAgreementResult(double? Value, int PairableItems, string? UndefinedReason);
