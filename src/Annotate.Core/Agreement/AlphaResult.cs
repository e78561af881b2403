namespace Annotate.Core.Agreement;

/// <summary>Krippendorff's α and the parts it is made of.</summary>
/// <param name="Alpha">1 − D_o / D_e; null when it is undefined, and then <paramref name="UndefinedReason"/> says why.</param>
/// <param name="ObservedDisagreement">D_o: the mean difference between two values of the same item.</param>
/// <param name="ExpectedDisagreement">D_e: the mean difference between any two pairable values, whatever their item.</param>
/// <param name="PairableItems">Items with at least two values; the others cannot be compared and are left out.</param>
/// <param name="PairableValues">n: the values of the pairable items.</param>
/// <param name="UndefinedReason">Why <paramref name="Alpha"/> is null, in words for a report.</param>
public sealed record AlphaResult(
    double? Alpha,
    double ObservedDisagreement,
    double ExpectedDisagreement,
    int PairableItems,
    long PairableValues,
    string? UndefinedReason)
{
    internal const string NoPairableItem =
        "no item has values from two or more annotators, so no two values can be compared";

    internal static AlphaResult Undefined(int pairableItems, long pairableValues, string reason) =>
        new(null, 0, 0, pairableItems, pairableValues, reason);

    internal static string OneValue(string value) =>
        $"every pairable value is the same ({value}), so there is no variation to measure agreement against (0/0)";
}
