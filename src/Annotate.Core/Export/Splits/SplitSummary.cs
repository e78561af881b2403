namespace Annotate.Core.Export.Splits;

/// <summary>One split as planned: its size and its count of each class, each next to the ideal the ratios ask for.</summary>
/// <param name="IdealSize">Items × the split's ratio.</param>
public sealed record SplitSummary(SplitName Split, double IdealSize, int Size, IReadOnlyList<ClassCount> Classes)
{
    /// <summary>Size − ideal size.</summary>
    public double SizeDeviation => Size - IdealSize;
}

/// <summary>How many items of one class a split holds, next to the ideal (the class's item count × the split's ratio).</summary>
/// <remarks>For multi-label data an item counts for each of its labels.</remarks>
public sealed record ClassCount(string Label, double Ideal, int Count)
{
    /// <summary>Count − ideal.</summary>
    public double Deviation => Count - Ideal;
}
