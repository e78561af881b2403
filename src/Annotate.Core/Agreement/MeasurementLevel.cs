namespace Annotate.Core.Agreement;

/// <summary>
/// Krippendorff's levels of measurement: what a difference between two values means, and so how much two annotators
/// disagree when they give different values.
/// </summary>
public enum MeasurementLevel
{
    /// <summary>Labels: two values are the same or not (every difference counts 1).</summary>
    Nominal,

    /// <summary>Ranks: only the order matters; a difference is measured by how many values were given between the two.</summary>
    Ordinal,

    /// <summary>Numbers on a scale with equal steps: the squared difference.</summary>
    Interval,

    /// <summary>Numbers with a true zero: the squared difference relative to the sum, ((a − b) / (a + b))².</summary>
    Ratio,
}
