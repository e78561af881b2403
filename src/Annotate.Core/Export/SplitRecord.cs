namespace Annotate.Core.Export;

/// <summary>
/// One labeled item as the split engine and the exporters see it: plain data, already chosen and filtered by the
/// caller (the web export from the project's final labels, the CLI from a file).
/// </summary>
/// <param name="Id">The item's id, unique in the export; written to every format so a row can be traced back.</param>
/// <param name="Text">The text to train on.</param>
/// <param name="Labels">
/// The item's labels: one for single-label data, any number (also none) for multi-label data. Order is kept in the
/// output; the engine never reorders them.
/// </param>
public sealed record SplitRecord(string Id, string Text, IReadOnlyList<string> Labels)
{
    private static readonly IReadOnlyDictionary<string, string?> NoMetadata = new Dictionary<string, string?>();

    /// <summary>Items that share a group key (same author, same conversation, same source document) are kept in one split.</summary>
    public string? GroupKey { get; init; }

    /// <summary>When the item was made; the time-ordered strategy splits on it.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The near-duplicate group from cleaning; items of one group are kept in one split by the group strategy.</summary>
    public string? NearDuplicateGroup { get; init; }

    /// <summary>Other fields, written after the standard ones in the order <see cref="ExportDataset.MetadataFields"/> gives.</summary>
    public IReadOnlyDictionary<string, string?> Metadata { get; init; } = NoMetadata;
}

internal static class SplitRecordLabels
{
    /// <summary>The labels, each once; no copy for the usual one label (this runs once per item in several passes).</summary>
    public static IReadOnlyList<string> DistinctLabels(this SplitRecord record) =>
        record.Labels.Count <= 1 ? record.Labels : [.. record.Labels.Distinct(StringComparer.Ordinal)];
}
