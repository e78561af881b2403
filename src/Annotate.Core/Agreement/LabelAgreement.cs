namespace Annotate.Core.Agreement;

/// <summary>How reliably one label is used, against all the others (one-vs-rest).</summary>
/// <param name="Label">The label.</param>
/// <param name="PairableValues">n_c: how often it was given on items with two or more values.</param>
/// <param name="SpecificAgreement">o_cc / n_c: when one annotator gave this label, the share of the other annotators
/// on the same item who gave it too; null when it was never given on a pairable item.</param>
/// <param name="Alpha">Nominal α with every value recoded to "this label" or "another label"; null when undefined.</param>
/// <param name="UndefinedReason">Why <paramref name="Alpha"/> is null.</param>
public sealed record LabelAgreement<T>(T Label, long PairableValues, double? SpecificAgreement, double? Alpha, string? UndefinedReason);
