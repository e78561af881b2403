namespace Annotate.Core.Agreement;

/// <summary>
/// A value an annotator gave an item at a moment. A later rating of the same item by the same annotator replaces the
/// earlier one (a changed answer); <see cref="Missing"/> records an answer that gave no value.
/// </summary>
/// <param name="Item">The item id.</param>
/// <param name="Annotator">The annotator id.</param>
/// <param name="At">When it was given (UTC).</param>
/// <param name="Value">The value; ignored when <paramref name="IsMissing"/>.</param>
/// <param name="IsMissing">True when the answer gave no value.</param>
public readonly record struct TimedRating<T>(string Item, string Annotator, DateTime At, T Value, bool IsMissing = false)
    where T : notnull
{
    /// <summary>An answer at <paramref name="at"/> that gave no value.</summary>
    public static TimedRating<T> Missing(string item, string annotator, DateTime at) => new(item, annotator, at, default!, true);
}
