using Annotate.Data;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Cleaning;

/// <summary>Exact duplicates: every later item whose normalised text hash is already in the project points at the first.</summary>
internal static class ExactDuplicates
{
    /// <summary>Marks the items an import added (<paramref name="importJobId"/>), or all items of the project when null.</summary>
    /// <returns>How many items now point at an earlier copy.</returns>
    /// <remarks>
    /// Written in SQL (the same text runs on SQLite and PostgreSQL) because LINQ's translation of a comparison of two
    /// nullable columns adds "or both are null", which keeps the (ProjectId, ContentHash) index from being used: the
    /// statement then took minutes for 50,000 rows instead of a fraction of a second.
    /// </remarks>
    public static Task<int> MarkAsync(AnnotateDbContext db, int projectId, long? importJobId, CancellationToken cancellationToken) =>
        // One scan of the (ProjectId, ContentHash) index finds each repeated text's first item; UPDATE … FROM (SQLite
        // 3.33+, PostgreSQL) then points the later copies at it. The cast gives PostgreSQL the type of a null job id.
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE "Items" SET "DuplicateOfId" = d."FirstId"
            FROM (SELECT "ContentHash", MIN("Id") AS "FirstId" FROM "Items"
                  WHERE "ProjectId" = {projectId} AND "ContentHash" IS NOT NULL
                  GROUP BY "ContentHash" HAVING COUNT(*) > 1) AS d
            WHERE "Items"."ProjectId" = {projectId}
              AND (CAST({importJobId} AS bigint) IS NULL OR "Items"."ImportJobId" = {importJobId})
              AND "Items"."ContentHash" = d."ContentHash" AND "Items"."Id" <> d."FirstId"
            """, cancellationToken);
}
