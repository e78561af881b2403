namespace Annotate.Core.Export.Balancing;

/// <summary>Balancing of the train split and the class weights written to the manifest.</summary>
public sealed record BalanceOptions
{
    public BalanceMode Mode { get; init; } = BalanceMode.None;

    /// <summary>The most items a class keeps in train with <see cref="BalanceMode.Cap"/>; required there, ignored otherwise.</summary>
    public int? CapPerClass { get; init; }

    /// <summary>β of the effective-number class weights (Cui et al. 2019), in [0, 1); 0.999 is the paper's usual choice.</summary>
    public double Beta { get; init; } = 0.999;
}
