namespace Annotate.Core.Agreement;

/// <summary>How one annotator agrees with the others.</summary>
/// <param name="Annotator">The annotator.</param>
/// <param name="Items">Items the annotator gave a value.</param>
/// <param name="ItemsWithOthers">Of those, items someone else also gave a value.</param>
/// <param name="AgreementWithOthers">Of all pairs (this annotator, another annotator on the same item), the share that
/// agree; null when no one else labeled the annotator's items.</param>
/// <param name="MeanPairwiseKappa">The mean of the annotator's Cohen's κ with each other annotator, over the pairs where
/// κ is defined; null when none is.</param>
/// <param name="AlphaWithout">Nominal α of everyone else: when it is higher than α of everyone, this annotator lowers reliability.</param>
public sealed record AnnotatorAgreement(
    string Annotator, int Items, int ItemsWithOthers, double? AgreementWithOthers, double? MeanPairwiseKappa, AlphaResult AlphaWithout);
