using Annotate.Core.Export.Balancing;
using Annotate.Core.Export.Formats;
using Annotate.Core.Export.Splits;

namespace Annotate.Core.Export;

/// <summary>
/// What a format writes: the splits with their items, the class list and the columns every split shares (so a CSV
/// or Parquet file of each split has the same header, and a dataset card can name the features once).
/// </summary>
public sealed class ExportDataset
{
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A metadata field has the name of a standard column (id, text, label, …), or is named twice.</exception>
    public ExportDataset(IReadOnlyList<ExportSplit> splits, IReadOnlyList<string> classes, bool isMultiLabel, IReadOnlyList<string>? metadataFields = null)
        : this(splits, classes, isMultiLabel, metadataFields, knownColumns: null)
    {
    }

    /// <param name="knownColumns">Which optional columns are needed, when the caller already knows (saves a pass over every item).</param>
    private ExportDataset(
        IReadOnlyList<ExportSplit> splits, IReadOnlyList<string> classes, bool isMultiLabel, IReadOnlyList<string>? metadataFields,
        (bool Groups, bool Timestamps, bool NearDuplicates, bool Copies)? knownColumns)
    {
        ArgumentNullException.ThrowIfNull(splits);
        ArgumentNullException.ThrowIfNull(classes);
        Splits = splits;
        Classes = classes;
        IsMultiLabel = isMultiLabel;
        // One pass over every item: which optional columns are needed, and (unless given) the metadata fields.
        var (groups, timestamps, nearDuplicates, copies) = knownColumns ?? (false, false, false, false);
        var fields = metadataFields is null ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var split in knownColumns is null || fields is not null ? splits : [])
        {
            foreach (var item in split.Items)
            {
                var record = item.Record;
                groups |= record.GroupKey is not null;
                timestamps |= record.Timestamp is not null;
                nearDuplicates |= record.NearDuplicateGroup is not null;
                copies |= item.Copy > 0;
                if (fields is not null && record.Metadata.Count > 0)
                {
                    if (record.Metadata is Dictionary<string, string?> dictionary)
                    {
                        foreach (var key in dictionary.Keys)
                        {
                            fields.Add(key);
                        }
                    }
                    else
                    {
                        fields.UnionWith(record.Metadata.Keys);
                    }
                }
            }
        }
        MetadataFields = metadataFields ?? [.. fields!.Order(StringComparer.Ordinal)];

        var columns = new List<ExportColumn>
        {
            new("id", ExportColumnKind.Id),
            new("text", ExportColumnKind.Text),
            isMultiLabel ? new("labels", ExportColumnKind.Labels) : new("label", ExportColumnKind.Label),
        };
        if (groups)
        {
            columns.Add(new("group", ExportColumnKind.Group));
        }
        if (timestamps)
        {
            columns.Add(new("timestamp", ExportColumnKind.Timestamp));
        }
        if (nearDuplicates)
        {
            columns.Add(new("near_duplicate_group", ExportColumnKind.NearDuplicateGroup));
        }
        var standard = new HashSet<string>(["id", "text", "label", "labels", "group", "timestamp", "near_duplicate_group", "duplicate_of"], StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in MetadataFields)
        {
            if (standard.Contains(field))
            {
                throw new ArgumentException($"The field '{field}' has the name of a column every export writes; rename it or leave it out.", nameof(metadataFields));
            }
            if (!seen.Add(field))
            {
                throw new ArgumentException($"The field '{field}' is named twice.", nameof(metadataFields));
            }
            columns.Add(new(field, ExportColumnKind.Metadata));
        }
        if (copies)
        {
            columns.Add(new("duplicate_of", ExportColumnKind.DuplicateOf));
        }
        Columns = columns;
    }

    /// <summary>The plan's splits after balancing, with the plan's classes.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">See the constructor.</exception>
    public static ExportDataset From(SplitPlan plan, BalancedSplits balanced, IReadOnlyList<string>? metadataFields = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(balanced);
        return new ExportDataset(
            balanced.Splits, plan.Classes, plan.IsMultiLabel, metadataFields,
            (plan.HasGroupKeys, plan.HasTimestamps, plan.HasNearDuplicateGroups, balanced.Report.Added > 0));
    }

    public IReadOnlyList<ExportSplit> Splits { get; }

    /// <summary>Every label, sorted by ordinal comparison.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Labels are written as a list (<c>labels</c>) rather than one value (<c>label</c>).</summary>
    public bool IsMultiLabel { get; }

    /// <summary>Extra fields, in the order they are written after the standard columns.</summary>
    public IReadOnlyList<string> MetadataFields { get; }

    /// <summary>
    /// The columns, in order: id, text, label (or labels), then group, timestamp and near_duplicate_group when some
    /// item has one, the metadata fields, and duplicate_of when oversampling made copies.
    /// </summary>
    public IReadOnlyList<ExportColumn> Columns { get; }

    /// <summary>Items in all splits, copies included.</summary>
    public long ItemCount => Splits.Sum(s => (long)s.Items.Count);
}
