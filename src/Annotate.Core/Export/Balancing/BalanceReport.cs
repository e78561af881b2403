namespace Annotate.Core.Export.Balancing;

/// <summary>What balancing did to the train split: class counts before and after, and the class weights of the result.</summary>
/// <param name="Before">Train's class counts as split, every class of the export in <see cref="Splits.SplitPlan.Classes"/> order.</param>
/// <param name="After">The same after balancing.</param>
/// <param name="ImbalanceBefore">Largest ÷ smallest class count before (classes present only).</param>
/// <param name="Added">Copies added by oversampling.</param>
/// <param name="Removed">Items left out by undersampling or the cap.</param>
/// <param name="Weights">Class weights of train as written (after balancing).</param>
public sealed record BalanceReport(
    BalanceMode Mode,
    IReadOnlyList<KeyValuePair<string, int>> Before,
    IReadOnlyList<KeyValuePair<string, int>> After,
    double? ImbalanceBefore,
    double? ImbalanceAfter,
    int Added,
    int Removed,
    double Beta,
    IReadOnlyList<ClassWeight> Weights);

/// <summary>The splits as they will be written, and what balancing did.</summary>
public sealed record BalancedSplits(IReadOnlyList<ExportSplit> Splits, BalanceReport Report)
{
    /// <summary>Items written per class number, by split (indexed by <see cref="SplitName"/>; null for a split not written).</summary>
    internal int[]?[] WrittenClassCounts { get; init; } = [null, null, null];
}
