namespace Annotate.Core.Agreement;

/// <summary>How reliable one annotator is, as a label-aggregation method sees them.</summary>
/// <param name="Annotator">The annotator.</param>
/// <param name="Items">Items the annotator labeled.</param>
/// <param name="Accuracy">The share of the annotator's labels that are right: for Dawid–Skene the expected share under
/// the fitted posteriors (the diagonal of <paramref name="Confusion"/> over its total), for majority vote the share
/// that equals the majority label. Null when the annotator labeled nothing.</param>
/// <param name="Confusion">True class (rows) against the annotator's label (columns).</param>
public sealed record AnnotatorEstimate<T>(string Annotator, int Items, double? Accuracy, EstimatedConfusion<T> Confusion)
    where T : notnull;
