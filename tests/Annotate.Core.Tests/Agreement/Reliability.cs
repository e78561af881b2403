using System.Globalization;
using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

/// <summary>Reliability data written the way the literature prints it: one row per coder, one column per unit.</summary>
internal static class Reliability
{
    /// <summary>Coders c1…cM (rows) by units u1…uN (columns); null is a missing value, registered as such.</summary>
    public static ReliabilityData<T> ByCoder<T>(params T?[][] coders)
        where T : notnull
    {
        var builder = new ReliabilityDataBuilder<T>();
        var units = coders.Max(c => c.Length);
        for (var u = 0; u < units; u++)
        {
            for (var c = 0; c < coders.Length; c++)
            {
                var item = Name("u", u);
                var coder = Name("c", c);
                if (u < coders[c].Length && coders[c][u] is { } value)
                {
                    builder.Add(item, coder, value);
                }
                else
                {
                    builder.AddMissing(item, coder);
                }
            }
        }
        return builder.Build();
    }

    /// <summary>Numeric rows, with null for missing.</summary>
    public static ReliabilityData<double> Numbers(params double?[][] coders)
    {
        var builder = new ReliabilityDataBuilder<double>();
        for (var c = 0; c < coders.Length; c++)
        {
            for (var u = 0; u < coders[c].Length; u++)
            {
                if (coders[c][u] is { } value)
                {
                    builder.Add(Name("u", u), Name("c", c), value);
                }
                else
                {
                    builder.AddMissing(Name("u", u), Name("c", c));
                }
            }
        }
        return builder.Build();
    }

    /// <summary>One row per unit (the transpose of <see cref="ByCoder{T}"/>), as Fleiss and Hayes &amp; Krippendorff print theirs.</summary>
    public static ReliabilityData<double> NumbersByUnit(params double?[][] units)
    {
        var coders = units.Max(u => u.Length);
        return Numbers([.. Enumerable.Range(0, coders).Select(c => units.Select(u => c < u.Length ? u[c] : null).ToArray())]);
    }

    /// <summary>Splits "a b . c" into values, "." being missing.</summary>
    public static string?[] Row(string row) => [.. row.Split(' ').Select(v => v == "." ? null : v)];

    /// <summary>Splits "1 2 . 3" into numbers, "." being missing.</summary>
    public static double?[] NumberRow(string row) =>
        [.. row.Split(' ').Select(v => v == "." ? (double?)null : double.Parse(v, CultureInfo.InvariantCulture))];

    /// <summary>Two annotators' values repeated as a contingency table says: table[i][j] items got (categories[i], categories[j]).</summary>
    public static ReliabilityData<T> FromTable<T>(IReadOnlyList<T> categories, int[][] table)
        where T : notnull
    {
        var builder = new ReliabilityDataBuilder<T>();
        var item = 0;
        for (var i = 0; i < table.Length; i++)
        {
            for (var j = 0; j < table[i].Length; j++)
            {
                for (var k = 0; k < table[i][j]; k++, item++)
                {
                    builder.Add(Name("u", item), "A", categories[i]);
                    builder.Add(Name("u", item), "B", categories[j]);
                }
            }
        }
        return builder.Build();
    }

    private static string Name(string prefix, int index) => prefix + (index + 1).ToString(CultureInfo.InvariantCulture);
}
