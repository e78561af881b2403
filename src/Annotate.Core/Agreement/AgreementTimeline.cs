namespace Annotate.Core.Agreement;

/// <summary>
/// Agreement as it stood at successive moments: at each cutoff, the latest answer of every annotator on every item
/// given before it, and the α and percent agreement of those values. Shows whether agreement settles as annotators
/// learn the guidelines, or drops after a schema change.
/// </summary>
public static class AgreementTimeline
{
    /// <summary>One <see cref="AgreementPoint"/> per cutoff.</summary>
    /// <remarks>
    /// Ratings are sorted by time once (ties keep their input order, so pass versions in order) and swept; each cutoff
    /// builds the reliability data of the answers so far, so the cost is cutoffs × answers.
    /// </remarks>
    /// <param name="ratings">Every answer given, versions included.</param>
    /// <param name="cutoffs">Ascending moments; answers given before each count.</param>
    /// <param name="alpha">The α for the values (e.g. <see cref="KrippendorffAlpha.Nominal{T}"/>).</param>
    /// <param name="comparer">How values are compared; the default comparer when null.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="comparer"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="cutoffs"/> are not ascending, or a rating has an empty id.</exception>
    public static IReadOnlyList<AgreementPoint> Cumulative<T>(
        IEnumerable<TimedRating<T>> ratings, IReadOnlyList<DateTime> cutoffs, Func<ReliabilityData<T>, AlphaResult> alpha, IEqualityComparer<T>? comparer = null)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(cutoffs);
        ArgumentNullException.ThrowIfNull(alpha);
        for (var c = 1; c < cutoffs.Count; c++)
        {
            if (cutoffs[c] < cutoffs[c - 1])
            {
                throw new ArgumentException($"Cutoff {c} ({cutoffs[c]:O}) is before cutoff {c - 1} ({cutoffs[c - 1]:O}); cutoffs must ascend.", nameof(cutoffs));
            }
        }
        var sorted = ratings.Select((r, i) => (Rating: r, Order: i)).ToList();
        foreach (var (rating, order) in sorted)
        {
            if (string.IsNullOrEmpty(rating.Item) || string.IsNullOrEmpty(rating.Annotator))
            {
                throw new ArgumentException($"Rating {order} has an empty item or annotator id.", nameof(ratings));
            }
        }
        sorted.Sort((x, y) => x.Rating.At != y.Rating.At ? x.Rating.At.CompareTo(y.Rating.At) : x.Order.CompareTo(y.Order));

        // The current answer per (item, annotator), in first-seen order so that each snapshot numbers them the same way.
        var current = new Dictionary<(string, string), int>();
        var answers = new List<TimedRating<T>>();
        var points = new AgreementPoint[cutoffs.Count];
        var next = 0;
        for (var c = 0; c < cutoffs.Count; c++)
        {
            while (next < sorted.Count && sorted[next].Rating.At < cutoffs[c])
            {
                var rating = sorted[next++].Rating;
                if (current.TryGetValue((rating.Item, rating.Annotator), out var slot))
                {
                    answers[slot] = rating;
                }
                else
                {
                    current[(rating.Item, rating.Annotator)] = answers.Count;
                    answers.Add(rating);
                }
            }
            var builder = new ReliabilityDataBuilder<T>(comparer);
            foreach (var answer in answers)
            {
                if (answer.IsMissing)
                {
                    builder.AddMissing(answer.Item, answer.Annotator);
                }
                else
                {
                    builder.Add(answer.Item, answer.Annotator, answer.Value);
                }
            }
            var data = builder.Build();
            points[c] = new AgreementPoint(cutoffs[c], data.RatingCount, data.PairableItemCount, alpha(data).Alpha, PercentAgreement.Compute(data).Value);
        }
        return points;
    }
}
