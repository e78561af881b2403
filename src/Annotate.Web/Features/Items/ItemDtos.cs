using Annotate.Data.Entities;

namespace Annotate.Web.Features.Items;

public sealed record ItemRow(
    long Id,
    string? ExternalId,
    string Text,
    string? SourceLabel,
    string? SourceName,
    long? SourceRow,
    long? DuplicateOfId,
    long? NearDuplicateGroupId,
    int PiiFlags,
    int? TokenCount,
    ItemStatus Status,
    string? OriginalText = null);

/// <summary>Which items the browser shows.</summary>
public enum ItemFilter
{
    All,
    Active,
    Filtered,
    ExactDuplicates,
    NearDuplicates,
    WithPii,
}

public sealed record ItemQuery(
    int Page = 0,
    int PageSize = 25,
    string? Search = null,
    ItemFilter Filter = ItemFilter.All,
    long? NearDuplicateGroupId = null,
    string? SortBy = null,
    bool Descending = false);

public sealed record UngroupRequest(IReadOnlyList<long> ItemIds);
