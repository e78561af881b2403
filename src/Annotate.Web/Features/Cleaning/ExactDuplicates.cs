using Annotate.Data;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Cleaning;

/// <summary>Exact duplicates: every later item whose normalised text hash is already in the project points at the first.</summary>
internal static class ExactDuplicates
{
    /// <summary>Marks the items an import added (<paramref name="importJobId"/>), or all items of the project when null.</summary>
    /// <returns>How many items now point at an earlier copy.</returns>
    public static Task<int> MarkAsync(AnnotateDbContext db, int projectId, long? importJobId, CancellationToken cancellationToken) =>
        db.Items
            .Where(i => i.ProjectId == projectId && (importJobId == null || i.ImportJobId == importJobId)
                && db.Items.Any(o => o.ProjectId == projectId && o.ContentHash == i.ContentHash && o.Id < i.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(
                i => i.DuplicateOfId,
                i => db.Items.Where(o => o.ProjectId == projectId && o.ContentHash == i.ContentHash).Min(o => (long?)o.Id)), cancellationToken);
}
