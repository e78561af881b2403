namespace Annotate.Core.Jobs;

/// <summary>
/// What a progress bar shows for a job that has done <see cref="Processed"/> of <see cref="Total"/> units of work
/// in <see cref="Elapsed"/>: the fraction done, the rate and the time left at that rate.
/// </summary>
public readonly record struct ProgressEstimate(long Processed, long Total, TimeSpan Elapsed)
{
    /// <summary>The fraction done, from 0 to 1; 0 while the total is unknown.</summary>
    public double Fraction => Total <= 0 ? 0 : Math.Clamp((double)Processed / Total, 0, 1);

    /// <summary>Units per second so far, or null before any time has passed.</summary>
    public double? RatePerSecond => Elapsed <= TimeSpan.Zero ? null : Processed / Elapsed.TotalSeconds;

    /// <summary>The time left at the rate so far, or null when it cannot be told yet.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            if (RatePerSecond is not { } rate || rate <= 0 || Total <= 0)
            {
                return null;
            }
            var left = Math.Max(0, Total - Processed);
            return TimeSpan.FromSeconds(left / rate);
        }
    }

    /// <summary>A short human text such as "12,000 of 50,000 · 4,000/s · about 10 s left".</summary>
    public string Describe(string unit)
    {
        var text = Total > 0 ? $"{Processed:N0} of {Total:N0} {unit}" : $"{Processed:N0} {unit}";
        if (RatePerSecond is { } rate && Processed > 0)
        {
            text += $" · {rate:N0}/s";
        }
        if (Remaining is { } remaining && Processed < Total)
        {
            text += $" · about {FormatDuration(remaining)} left";
        }
        return text;
    }

    /// <summary>A short duration such as "43 s", "2 min 5 s" or "2 h 1 min".</summary>
    public static string FormatDuration(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => "1 s",
        < 60 => $"{Math.Ceiling(span.TotalSeconds):0} s",
        < 3600 => $"{Math.Floor(span.TotalMinutes):0} min {span.Seconds} s",
        _ => $"{Math.Floor(span.TotalHours):0} h {span.Minutes} min",
    };
}
