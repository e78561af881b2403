namespace Annotate.Core.Export.Splits;

/// <summary>How to split: the shares, the strategy and the seed. The same options on the same records give the same plan.</summary>
public sealed record SplitOptions
{
    public SplitRatios Ratios { get; init; } = SplitRatios.Default;

    public SplitStrategy Strategy { get; init; } = SplitStrategy.Stratified;

    /// <summary>Seeds every random choice (shuffles, ties); the generator is the engine's own, so a seed means the same on every machine.</summary>
    public long Seed { get; init; } = 42;
}
