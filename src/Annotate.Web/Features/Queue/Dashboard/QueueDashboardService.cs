using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Queue.Dashboard;

/// <summary>
/// The figures of the Manager's live dashboard and of the annotator's start card. Every figure is an aggregate
/// computed by the store (a handful of grouped queries per call, whatever the project's size), because the dashboard
/// refreshes on every submission.
/// </summary>
public sealed class QueueDashboardService(IDbContextFactory<AnnotateDbContext> dbFactory, ProjectAccessService access, Labeling.SchemaService schemas, TimeProvider time)
{
    /// <summary>An annotator counts as labeling now when they hold a lease or submitted within this window.</summary>
    public static readonly TimeSpan NowWindow = TimeSpan.FromMinutes(5);

    /// <exception cref="NotFoundException">No such project, or the caller is not a member.</exception>
    /// <exception cref="ForbiddenException">The caller is not a Manager of the project.</exception>
    public async Task<QueueDashboardDto> GetAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var today = now.Date;
        var hourAgo = now.AddHours(-1);
        var recent = now - NowWindow;
        var k = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Overlap).SingleAsync(cancellationToken);

        var items = await QueueScope.Items(db, projectId).GroupBy(_ => 1)
            .Select(g => new { Total = g.LongCount(), Completed = g.LongCount(i => i.SubmittedCount >= k) })
            .SingleOrDefaultAsync(cancellationToken);

        var work = await db.Assignments.Where(a => a.ProjectId == projectId).GroupBy(a => a.AnnotatorId)
            .Select(g => new
            {
                AnnotatorId = g.Key,
                Submitted = g.Count(a => a.Status == AssignmentStatus.Submitted),
                Today = g.Count(a => a.Status == AssignmentStatus.Submitted && a.SubmittedAt >= today),
                LastHour = g.Count(a => a.Status == AssignmentStatus.Submitted && a.SubmittedAt >= hourAgo),
                Recent = g.Count(a => a.Status == AssignmentStatus.Submitted && a.SubmittedAt >= recent),
                Leases = g.Count(a => a.Status == AssignmentStatus.Leased && a.ExpiresAt > now),
                Skips = g.Count(a => a.Status == AssignmentStatus.Skipped),
                Late = g.Count(a => a.Late),
                LastLeased = g.Max(a => (DateTime?)a.LeasedAt),
            })
            .ToListAsync(cancellationToken);
        // Submissions and changes of answers both insert annotations, so the newest one is the latest answer.
        var answered = await db.Annotations.Where(a => a.ProjectId == projectId).GroupBy(a => a.AnnotatorId)
            .Select(g => new { AnnotatorId = g.Key, Last = g.Max(a => a.CreatedAt) })
            .ToDictionaryAsync(a => a.AnnotatorId, a => a.Last, cancellationToken);
        var medians = await MedianMsAsync(db, projectId, cancellationToken);

        var memberIds = await db.ProjectMembers.Where(m => m.ProjectId == projectId && (m.Roles & ProjectRoles.Annotator) != 0)
            .Select(m => m.UserId).ToListAsync(cancellationToken);
        var ids = memberIds.Union(work.Select(w => w.AnnotatorId)).ToList();
        var people = await db.Users.Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var byId = work.ToDictionary(w => w.AnnotatorId);

        var rows = ids.Select(id =>
        {
            var w = byId.GetValueOrDefault(id);
            var person = people.GetValueOrDefault(id);
            var name = string.IsNullOrWhiteSpace(person?.DisplayName) ? person?.Email ?? person?.UserName ?? id : person.DisplayName;
            DateTime? last = Latest(w?.LastLeased, answered.TryGetValue(id, out var at) ? at : null);
            return new AnnotatorActivity(id, name, person?.Email, w is { Leases: > 0 } or { Recent: > 0 }, w?.Today ?? 0, w?.Submitted ?? 0,
                w?.LastHour ?? 0, medians.TryGetValue(id, out var ms) ? Math.Round(ms / 1000.0, 1) : null, w?.Skips ?? 0, last);
        })
            .OrderByDescending(r => r.LabelingNow).ThenByDescending(r => r.SubmittedTotal).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var total = items?.Total ?? 0;
        var completed = items?.Completed ?? 0;
        var open = QueueScope.NeedingPeople(db, projectId, k);
        var accepting = await AcceptingRunsAsync(db, projectId, cancellationToken);
        var autoAccepted = accepting.Count == 0 ? 0
            : (total - completed) - await WeakLabelQueue.WithoutAutoAccepted(db, open, accepting).LongCountAsync(cancellationToken);
        return new QueueDashboardDto(k, total, completed, total - completed - autoAccepted, work.Sum(w => w.Leases), work.Sum(w => w.LastHour),
            work.Sum(w => w.Late), today, now, rows, autoAccepted);
    }

    /// <summary>The caller's own counts, for the start card of the Queue tab.</summary>
    /// <exception cref="ForbiddenException">The caller is not an Annotator of the project.</exception>
    public async Task<MyQueueProgress> GetMineAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var today = now.Date;
        var userId = caller.UserId;
        var k = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Overlap).SingleAsync(cancellationToken);
        var hasSchema = await db.LabelSchemas.AnyAsync(s => s.ProjectId == projectId, cancellationToken);
        var queue = WeakLabelQueue.WithoutAutoAccepted(db, QueueScope.NeedingPeople(db, projectId, k), await AcceptingRunsAsync(db, projectId, cancellationToken));
        var projectRemaining = await queue.LongCountAsync(cancellationToken);
        var open = await queue.LongCountAsync(i => !db.Assignments.Any(a => a.ItemId == i.Id && a.AnnotatorId == userId), cancellationToken);
        var mine = await db.Assignments.Where(a => a.ProjectId == projectId && a.AnnotatorId == userId).GroupBy(a => 1)
            .Select(g => new
            {
                Submitted = g.Count(a => a.Status == AssignmentStatus.Submitted),
                Today = g.Count(a => a.Status == AssignmentStatus.Submitted && a.SubmittedAt >= today),
                Leases = g.Count(a => a.Status == AssignmentStatus.Leased && a.ExpiresAt > now),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return new MyQueueProgress(open + (mine?.Leases ?? 0), projectRemaining, mine?.Today ?? 0, mine?.Submitted ?? 0, hasSchema);
    }

    /// <summary>The label-model runs whose auto-accepted weak labels take items out of the queue (none when auto-accept is off).</summary>
    private async Task<IReadOnlyList<int>> AcceptingRunsAsync(AnnotateDbContext db, int projectId, CancellationToken cancellationToken) =>
        WeakLabelQueue.AcceptingRuns((await schemas.LoadAsync(projectId, cancellationToken)).Schema,
            await WeakLabelQueue.CurrentRunsAsync(db, projectId, cancellationToken));

    private sealed class MedianRow
    {
        public required string AnnotatorId { get; set; }

        public double MedianMs { get; set; }
    }

    /// <summary>
    /// Median of the timed first versions per annotator, computed by the store with window functions (SQLite and
    /// PostgreSQL both have them; EF has no LINQ for them): the middle row, or the mean of the two middle rows.
    /// </summary>
    private static async Task<Dictionary<string, double>> MedianMsAsync(AnnotateDbContext db, int projectId, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<MedianRow>($"""
            SELECT "AnnotatorId", CAST(AVG("DurationMs") AS double precision) AS "MedianMs"
            FROM (SELECT "AnnotatorId", "DurationMs",
                         ROW_NUMBER() OVER (PARTITION BY "AnnotatorId" ORDER BY "DurationMs") AS rn,
                         COUNT(*) OVER (PARTITION BY "AnnotatorId") AS n
                  FROM "Annotations"
                  WHERE "ProjectId" = {projectId} AND "Version" = 1 AND "DurationMs" IS NOT NULL) AS d
            WHERE rn IN ((n + 1) / 2, (n + 2) / 2)
            GROUP BY "AnnotatorId"
            """).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.AnnotatorId, r => r.MedianMs);
    }

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
