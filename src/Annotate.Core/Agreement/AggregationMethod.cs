namespace Annotate.Core.Agreement;

/// <summary>How <see cref="LabelAggregation"/> turns several annotators' labels into one label per item.</summary>
public enum AggregationMethod
{
    /// <summary>The label most annotators gave; ties go to the label given most often overall.</summary>
    MajorityVote,

    /// <summary>Dawid–Skene EM: annotators are weighed by how reliable the model finds them.</summary>
    DawidSkene,
}
