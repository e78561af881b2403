namespace Annotate.Core.Agreement;

/// <summary>Agreement over the answers given before a moment.</summary>
/// <param name="Until">The end of the period (exclusive): answers given before it count.</param>
/// <param name="Ratings">Values counted (each annotator's latest answer per item).</param>
/// <param name="PairableItems">Items with values from two or more annotators by then.</param>
/// <param name="Alpha">α of those values; null while undefined.</param>
/// <param name="PercentAgreement">Percent agreement of those values; null while no item is pairable.</param>
public sealed record AgreementPoint(DateTime Until, int Ratings, int PairableItems, double? Alpha, double? PercentAgreement);
