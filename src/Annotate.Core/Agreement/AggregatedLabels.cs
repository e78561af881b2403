namespace Annotate.Core.Agreement;

/// <summary>What <see cref="LabelAggregation.Aggregate"/> found: one label per item and an estimate per annotator.</summary>
/// <param name="Method">The method used.</param>
/// <param name="Classes">The labels the annotators used, in the data's value order: the classes of the model.</param>
/// <param name="Items">Per item of the data, in its order: the aggregated label, or null for an item nobody labeled.</param>
/// <param name="Annotators">Per annotator of the data, in its order.</param>
/// <param name="Iterations">EM iterations run (0 for majority vote).</param>
/// <param name="Converged">False when EM stopped at its iteration limit (always true for majority vote).</param>
public sealed record AggregatedLabels<T>(
    AggregationMethod Method,
    IReadOnlyList<T> Classes,
    IReadOnlyList<AggregatedItem<T>?> Items,
    IReadOnlyList<AnnotatorEstimate<T>> Annotators,
    int Iterations,
    bool Converged)
    where T : notnull
{
    /// <summary>The aggregated label of every labeled item, by item id: a reference labeling for
    /// <see cref="AgreementBreakdown.VersusReference"/>.</summary>
    public IReadOnlyDictionary<string, T> ToReference()
    {
        var reference = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in Items)
        {
            if (item is not null)
            {
                reference[item.Item] = item.Label;
            }
        }
        return reference;
    }
}
