namespace Annotate.Core.Agreement;

/// <summary>Disagreement weights for Cohen's weighted κ on numeric ratings.</summary>
public enum KappaWeighting
{
    /// <summary>Every disagreement counts fully: plain Cohen's κ.</summary>
    None,

    /// <summary>|a − b| / range: a rating one step off counts a little, the ends of the scale fully.</summary>
    Linear,

    /// <summary>(a − b)² / range²: small differences count much less than large ones.</summary>
    Quadratic,
}
