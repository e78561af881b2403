using System.Globalization;

namespace Annotate.Core.Export.Formats;

/// <summary>What a column holds.</summary>
public enum ExportColumnKind
{
    Id,
    Text,
    Label,
    Labels,
    Group,
    Timestamp,
    NearDuplicateGroup,
    Metadata,
    DuplicateOf,
}

/// <summary>One column of the tabular formats, one key of the JSON ones.</summary>
public sealed record ExportColumn(string Name, ExportColumnKind Kind)
{
    /// <summary>The column's value for <paramref name="item"/> as text (labels joined by ", "); null when missing.</summary>
    public string? TextOf(ExportItem item) => Kind switch
    {
        ExportColumnKind.Id => item.Id,
        ExportColumnKind.Text => item.Record.Text,
        ExportColumnKind.Label or ExportColumnKind.Labels => string.Join(", ", item.Record.Labels),
        ExportColumnKind.Group => item.Record.GroupKey,
        ExportColumnKind.Timestamp => item.Record.Timestamp is { } t ? FormatTimestamp(t) : null,
        ExportColumnKind.NearDuplicateGroup => item.Record.NearDuplicateGroup,
        ExportColumnKind.DuplicateOf => item.DuplicateOf,
        _ => item.Record.Metadata.GetValueOrDefault(Name),
    };

    /// <summary>UTC, ISO 8601, no trailing zeros: <c>2013-11-07T06:20:48Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
