namespace Annotate.Core.Agreement;

/// <summary>Cohen's κ for one pair of annotators (or an annotator and a reference), and its parts.</summary>
/// <param name="Kappa">(p_o − p_e) / (1 − p_e); null when undefined, and then <paramref name="UndefinedReason"/> says why.</param>
/// <param name="Items">The items both sides gave a value; κ is computed over these only.</param>
/// <param name="ObservedAgreement">p_o: the share of those items where they agree (weighted: 1 − the mean disagreement weight).</param>
/// <param name="ChanceAgreement">p_e: the agreement expected if each side gave its values at random with its own frequencies.</param>
/// <param name="UndefinedReason">Why <paramref name="Kappa"/> is null.</param>
public sealed record KappaResult(double? Kappa, int Items, double ObservedAgreement, double ChanceAgreement, string? UndefinedReason)
{
    internal static KappaResult Undefined(int items, string reason) => new(null, items, 0, 0, reason);
}
