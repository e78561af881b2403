using Annotate.Core.Export;

namespace Annotate.Core.Tests.Export;

/// <summary>Random labeled datasets for the property tests: skewed classes, optional groups, timestamps and multi-label sets.</summary>
internal static class SyntheticRecords
{
    /// <summary>
    /// <paramref name="count"/> items over <paramref name="classes"/> classes with Zipf-like frequencies (class k
    /// about 1/(k+1) as often as the first), so some classes are tiny.
    /// </summary>
    public static List<SplitRecord> SingleLabel(Random random, int count, int classes)
    {
        var weights = Enumerable.Range(0, classes).Select(k => 1.0 / (k + 1)).ToArray();
        var total = weights.Sum();
        var records = new List<SplitRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var u = random.NextDouble() * total;
            var c = 0;
            while (c < classes - 1 && u >= weights[c])
            {
                u -= weights[c];
                c++;
            }
            records.Add(new SplitRecord($"r{i}", $"text {i}", [$"c{c}"]));
        }
        return records;
    }

    /// <summary>
    /// Multi-label items over <paramref name="labels"/> labels: each label on with its own probability (0.03–0.4),
    /// and label pairs (2k, 2k+1) correlated, so label pairs are not independent; some items get no label.
    /// </summary>
    public static List<SplitRecord> MultiLabel(Random random, int count, int labels)
    {
        var p = Enumerable.Range(0, labels).Select(_ => 0.03 + (0.37 * random.NextDouble())).ToArray();
        var records = new List<SplitRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var set = new List<string>();
            for (var l = 0; l < labels; l++)
            {
                var on = random.NextDouble() < p[l] || (l % 2 == 1 && set.Contains($"l{l - 1}") && random.NextDouble() < 0.6);
                if (on)
                {
                    set.Add($"l{l}");
                }
            }
            records.Add(new SplitRecord($"r{i}", $"text {i}", set));
        }
        return records;
    }

    /// <summary>Gives every record a group key (groups of 1–<paramref name="maxGroupSize"/> items, drawn at random) and some near-duplicate groups that join items of different groups.</summary>
    public static List<SplitRecord> WithGroups(Random random, List<SplitRecord> records, int maxGroupSize)
    {
        var result = new List<SplitRecord>(records.Count);
        var group = 0;
        var left = 0;
        foreach (var record in records)
        {
            if (left == 0)
            {
                group++;
                left = random.Next(1, maxGroupSize + 1);
            }
            left--;
            result.Add(record with
            {
                GroupKey = $"g{group}",
                NearDuplicateGroup = random.NextDouble() < 0.1 ? $"d{random.Next(records.Count / 20 + 1)}" : null,
            });
        }
        // Shuffle so a group's items are not next to each other in the input.
        return [.. result.OrderBy(_ => random.Next())];
    }

    /// <summary>Gives every record a timestamp; about a fifth of them share their time with another record.</summary>
    public static List<SplitRecord> WithTimestamps(Random random, List<SplitRecord> records)
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return [.. records.Select(r => r with { Timestamp = start.AddMinutes(random.Next(records.Count * 4 / 5 + 1)) })];
    }
}
