using Annotate.Core.Export;
using Annotate.Core.Export.Balancing;
using Annotate.Core.Export.Formats;
using Annotate.Core.Export.Splits;

namespace Annotate.Core.Tests.Export;

/// <summary>Records with every awkward value a format has to carry: separators, quotes, line breaks, spaces at the ends, non-ASCII, missing values.</summary>
internal static class ExportFixture
{
    public static readonly string[] Texts =
    [
        "plain text",
        "a comma, and \"quotes\"",
        "line one\nline two\r\nline three",
        "  spaces at both ends  ",
        "unicode é ü 日本語 🎉",
        "tab\tinside",
        "{braces} and [brackets]",
        "",
        "'single' quotes; semicolons",
        "back\\slash",
    ];

    public static List<SplitRecord> SingleLabel(int count = 60)
    {
        var start = new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.FromHours(2));
        return
        [
            .. Enumerable.Range(0, count).Select(i => new SplitRecord($"item-{i}", Texts[i % Texts.Length] + (i >= Texts.Length ? $" #{i}" : ""), [i % 5 == 0 ? "spam, eggs" : i % 2 == 0 ? "ham" : "spam"])
            {
                GroupKey = i % 3 == 0 ? $"author {i / 3}" : null,
                Timestamp = i % 4 == 0 ? null : start.AddMinutes(i * 13.5),
                Metadata = new Dictionary<string, string?>
                {
                    ["source"] = i % 7 == 0 ? null : $"file {i % 3}.csv",
                    ["note"] = Texts[(i + 3) % Texts.Length],
                },
            }),
        ];
    }

    public static List<SplitRecord> MultiLabel(int count = 60) =>
    [
        .. Enumerable.Range(0, count).Select(i => new SplitRecord(
            $"m{i}",
            Texts[i % Texts.Length],
            [.. new[] { "sports", "politics", "tech|gadgets", "arts" }.Where((_, k) => ((i >> k) & 1) == 1)])
        {
            Metadata = new Dictionary<string, string?> { ["lang"] = i % 2 == 0 ? "en" : "de" },
        }),
    ];

    /// <summary>A stratified 80/10/10 split, train oversampled so copies and duplicate_of appear.</summary>
    public static ExportDataset Dataset(List<SplitRecord> records, bool multiLabel = false)
    {
        var plan = SplitEngine.Split(records, new SplitOptions { Strategy = multiLabel ? SplitStrategy.Iterative : SplitStrategy.Stratified, Seed = 3 });
        var balanced = Balancer.Apply(plan, new BalanceOptions { Mode = multiLabel ? BalanceMode.None : BalanceMode.Oversample });
        return ExportDataset.From(plan, balanced, new[] { "source", "note", "lang" }.Where(f => records.Any(r => r.Metadata.ContainsKey(f))).ToList());
    }

    /// <summary>What each column should read back as: text (null when missing), or the label list.</summary>
    public static object? Expected(ExportItem item, ExportColumn column) => column.Kind switch
    {
        ExportColumnKind.Labels => item.Record.Labels,
        ExportColumnKind.Label => item.Record.Labels[0],
        ExportColumnKind.Id => item.Id,
        ExportColumnKind.Text => item.Record.Text,
        ExportColumnKind.Group => item.Record.GroupKey,
        ExportColumnKind.Timestamp => item.Record.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ExportColumnKind.NearDuplicateGroup => item.Record.NearDuplicateGroup,
        ExportColumnKind.DuplicateOf => item.DuplicateOf,
        _ => item.Record.Metadata.GetValueOrDefault(column.Name),
    };
}
