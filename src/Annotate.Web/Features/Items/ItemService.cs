using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Items;

/// <summary>Browsing a project's items: paging, sorting, searching and filtering happen in the store.</summary>
public sealed class ItemService(IDbContextFactory<AnnotateDbContext> dbFactory, ProjectAccessService access)
{
    /// <summary>A page of items. Managers only: rows carry the text as it was before cleaning, PII included.</summary>
    public async Task<PagedResult<ItemRow>> QueryAsync(Caller caller, int projectId, ItemQuery query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = db.Items.AsNoTracking().Where(i => i.ProjectId == projectId);
        items = query.Filter switch
        {
            ItemFilter.Active => items.Where(i => i.Status == ItemStatus.Active && i.DuplicateOfId == null),
            ItemFilter.Filtered => items.Where(i => i.Status == ItemStatus.Filtered),
            ItemFilter.ExactDuplicates => items.Where(i => i.DuplicateOfId != null),
            ItemFilter.NearDuplicates => items.Where(i => i.NearDuplicateGroupId != null),
            ItemFilter.WithPii => items.Where(i => i.PiiFlags != 0),
            _ => items,
        };
        if (query.NearDuplicateGroupId is { } group)
        {
            items = items.Where(i => i.NearDuplicateGroupId == group);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Case-insensitive on both stores; a plain LIKE pattern with the user's text escaped.
            var pattern = "%" + EscapeLike(query.Search.Trim().ToLowerInvariant()) + "%";
            items = items.Where(i => EF.Functions.Like(i.Text.ToLower(), pattern, "\\") || (i.ExternalId != null && EF.Functions.Like(i.ExternalId.ToLower(), pattern, "\\")));
        }
        var total = await items.CountAsync(cancellationToken);
        items = (query.SortBy, query.Descending) switch
        {
            (nameof(ItemRow.TokenCount), false) => items.OrderBy(i => i.TokenCount).ThenBy(i => i.Id),
            (nameof(ItemRow.TokenCount), true) => items.OrderByDescending(i => i.TokenCount).ThenBy(i => i.Id),
            (nameof(ItemRow.SourceLabel), false) => items.OrderBy(i => i.SourceLabel).ThenBy(i => i.Id),
            (nameof(ItemRow.SourceLabel), true) => items.OrderByDescending(i => i.SourceLabel).ThenBy(i => i.Id),
            (nameof(ItemRow.Text), false) => items.OrderBy(i => i.Text.Length).ThenBy(i => i.Id),
            (nameof(ItemRow.Text), true) => items.OrderByDescending(i => i.Text.Length).ThenBy(i => i.Id),
            (_, true) => items.OrderByDescending(i => i.Id),
            _ => items.OrderBy(i => i.Id),
        };
        var size = Math.Clamp(query.PageSize, 1, 500);
        var rows = await items.Skip(Math.Max(0, query.Page) * size).Take(size)
            .Select(i => new ItemRow(i.Id, i.ExternalId, i.Text.Length > 600 ? i.Text.Substring(0, 600) : i.Text, i.SourceLabel, i.SourceName,
                i.SourceRow, i.DuplicateOfId, i.NearDuplicateGroupId, i.PiiFlags, i.TokenCount, i.Status,
                i.OriginalText == null ? null : i.OriginalText.Length > 600 ? i.OriginalText.Substring(0, 600) : i.OriginalText))
            .ToListAsync(cancellationToken);
        return new PagedResult<ItemRow>(rows, total);
    }

    /// <summary>Takes items out of their near-duplicate group; a later regrouping leaves them out.</summary>
    public async Task<int> UngroupAsync(Caller caller, int projectId, IReadOnlyList<long> itemIds, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Items.Where(i => i.ProjectId == projectId && itemIds.Contains(i.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.NearDuplicateGroupId, (long?)null).SetProperty(i => i.NearDuplicateExcluded, true), cancellationToken);
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
