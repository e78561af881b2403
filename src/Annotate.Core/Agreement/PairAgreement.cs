namespace Annotate.Core.Agreement;

/// <summary>Agreement between two annotators on the items both labeled: one cell of the annotator × annotator matrix.</summary>
/// <param name="A">The first annotator (the lower index in <see cref="ReliabilityData{T}.Annotators"/>).</param>
/// <param name="B">The second annotator.</param>
/// <param name="SharedItems">Items both gave a value.</param>
/// <param name="PercentAgreement">The share of shared items where they gave the same value; null without shared items.</param>
/// <param name="Kappa">Unweighted Cohen's κ over the shared items.</param>
public sealed record PairAgreement(string A, string B, int SharedItems, double? PercentAgreement, KappaResult Kappa);
