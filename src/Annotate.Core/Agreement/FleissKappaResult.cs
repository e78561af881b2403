namespace Annotate.Core.Agreement;

/// <summary>Fleiss' κ and its parts.</summary>
/// <param name="Kappa">(P̄ − P̄_e) / (1 − P̄_e); null when undefined, and then <paramref name="UndefinedReason"/> says why.</param>
/// <param name="Items">The items counted (those with at least one value).</param>
/// <param name="RatingsPerItem">m, the number of values every item has; 0 when items differ.</param>
/// <param name="ObservedAgreement">P̄: the mean share of agreeing rater pairs per item.</param>
/// <param name="ChanceAgreement">P̄_e: Σ p_j², from the share p_j of all values in each category.</param>
/// <param name="CategoryKappas">κ_j for each category against all the others (Fleiss 1971, eq. 14), in category order
/// (for data, the order of <see cref="ReliabilityData{T}.Values"/>); null for a category used by no one or by everyone.</param>
/// <param name="UndefinedReason">Why <paramref name="Kappa"/> is null.</param>
public sealed record FleissKappaResult(
    double? Kappa,
    int Items,
    int RatingsPerItem,
    double ObservedAgreement,
    double ChanceAgreement,
    IReadOnlyList<double?> CategoryKappas,
    string? UndefinedReason)
{
    internal static FleissKappaResult Undefined(int items, int ratingsPerItem, string reason) =>
        new(null, items, ratingsPerItem, 0, 0, [], reason);
}
