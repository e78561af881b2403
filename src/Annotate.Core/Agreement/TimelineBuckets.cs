namespace Annotate.Core.Agreement;

/// <summary>
/// Consecutive periods of equal length (whole UTC days) that cover a time range, for charts over time: days when the
/// range is short, weeks (or several weeks) when days would give more than the points wanted.
/// </summary>
public sealed class TimelineBuckets
{
    private readonly DateTime[] ends;

    private TimelineBuckets(DateTime start, int days, DateTime[] ends)
    {
        Start = start;
        DaysPerBucket = days;
        this.ends = ends;
    }

    /// <summary>The start of the first period: midnight UTC of the first moment's day.</summary>
    public DateTime Start { get; }

    /// <summary>The length of each period in days: 1, 7, or a multiple of 7.</summary>
    public int DaysPerBucket { get; }

    /// <summary>The end of each period (exclusive), ascending.</summary>
    public IReadOnlyList<DateTime> Ends => ends;

    /// <summary>The periods from the day of <paramref name="first"/> through the day of <paramref name="last"/>.</summary>
    /// <param name="first">The earliest moment (UTC).</param>
    /// <param name="last">The latest moment (UTC), not before <paramref name="first"/>.</param>
    /// <param name="maxBuckets">At most this many periods (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="last"/> is before <paramref name="first"/>, or
    /// <paramref name="maxBuckets"/> is under 1.</exception>
    public static TimelineBuckets Cover(DateTime first, DateTime last, int maxBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 1);
        if (last < first)
        {
            throw new ArgumentOutOfRangeException(nameof(last), last, $"The range ends ({last:O}) before it starts ({first:O}).");
        }
        var start = first.Date;
        var days = (int)(last.Date - start).TotalDays + 1;
        var step = days <= maxBuckets ? 1 : 7 * (int)Math.Ceiling(days / (7.0 * maxBuckets));
        var count = (days + step - 1) / step;
        var ends = new DateTime[count];
        for (var b = 0; b < count; b++)
        {
            ends[b] = DateTime.SpecifyKind(start.AddDays((b + 1) * step), DateTimeKind.Utc);
        }
        return new TimelineBuckets(DateTime.SpecifyKind(start, DateTimeKind.Utc), step, ends);
    }

    /// <summary>The period <paramref name="moment"/> falls in, or -1 when it is outside them all.</summary>
    public int IndexOf(DateTime moment)
    {
        if (moment < Start || moment >= ends[^1])
        {
            return -1;
        }
        return (int)((moment - Start).TotalDays / DaysPerBucket);
    }

    /// <summary>How many of <paramref name="moments"/> fall in each period (moments outside them are not counted).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="moments"/> is null.</exception>
    public int[] Count(IEnumerable<DateTime> moments)
    {
        ArgumentNullException.ThrowIfNull(moments);
        var counts = new int[ends.Length];
        foreach (var moment in moments)
        {
            var b = IndexOf(moment);
            if (b >= 0)
            {
                counts[b]++;
            }
        }
        return counts;
    }
}
