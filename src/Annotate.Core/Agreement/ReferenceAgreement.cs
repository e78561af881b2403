namespace Annotate.Core.Agreement;

/// <summary>How one annotator agrees with a reference labeling (reviewed final labels, or gold answers).</summary>
/// <param name="Annotator">The annotator.</param>
/// <param name="Items">Items the annotator labeled that have a reference value.</param>
/// <param name="Correct">Of those, items where the annotator gave the reference value.</param>
/// <param name="Accuracy">Correct / Items; null when there is no such item.</param>
/// <param name="Kappa">Cohen's κ of the annotator against the reference over the same items.</param>
/// <param name="Confusion">Rows: the annotator's values; columns: the reference's.</param>
public sealed record ReferenceAgreement<T>(string Annotator, int Items, int Correct, double? Accuracy, KappaResult Kappa, ConfusionMatrix<T> Confusion)
    where T : notnull;
