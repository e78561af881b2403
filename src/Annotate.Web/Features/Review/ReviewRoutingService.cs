using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Core.Review;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.WeakSupervision;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Review;

/// <summary>
/// Opens review tasks: when an item's k answers disagree or agree too little (<see cref="ItemAgreement"/>), when an
/// annotator flags it, when a Manager or Reviewer sends it by hand, and when its weak label was accepted automatically
/// below the project's review threshold. An item has at most one open task (the store enforces it); an item a reviewer
/// resolved is not routed again by later changes of its answers (the decision stands; send it by hand to review it again).
/// </summary>
public sealed class ReviewRoutingService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    SchemaService schemas,
    StoreWriteGate gate,
    ProjectEventBus events,
    TimeProvider time)
{
    private const int WeakBatch = 1000;

    /// <summary>
    /// Checks an item after an answer to it was saved: once it has answers from k annotators (the latest version of
    /// each), it goes to review when they disagree. Called by the queue after each submission; the caller holds the
    /// store's write turn (<see cref="StoreWriteGate"/>) already, so this does not take it.
    /// </summary>
    /// <returns>The task opened, or null.</returns>
    internal async Task<long?> RouteAfterSubmissionAsync(int projectId, long itemId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One query decides for most submissions: the item has fewer than k answers yet.
        var project = await db.Items.Where(i => i.Id == itemId && i.ProjectId == projectId)
            .Select(i => new { i.SubmittedCount, i.Project!.Overlap, i.Project.ReviewAgreementThreshold }).SingleAsync(cancellationToken);
        var k = Math.Max(2, project.Overlap);
        if (project.SubmittedCount < k)
        {
            return null;
        }
        var answers = await ReviewQueries.LatestAnswers(db).Where(a => a.ItemId == itemId).ToListAsync(cancellationToken);
        if (answers.Count < k
            || await db.GoldItems.AnyAsync(g => g.ItemId == itemId, cancellationToken)
            || await db.ReviewTasks.Where(t => t.ItemId == itemId).OrderByDescending(t => t.Id).Select(t => (ReviewTaskStatus?)t.Status)
                .FirstOrDefaultAsync(cancellationToken) is ReviewTaskStatus.Open or ReviewTaskStatus.Resolved)
        {
            return null;
        }
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        var result = ItemAgreement.Evaluate(schema, [.. answers.Select(a => LabelingJson.Deserialize<Answer>(a.AnswerJson))],
            Math.Clamp(project.ReviewAgreementThreshold, 0, 1));
        if (result.Reason is not { } reason)
        {
            return null;
        }
        var task = await TryOpenAsync(db, projectId, itemId, reason, result.Describe(), null, cancellationToken);
        return task is { Opened: true } ? task.TaskId : null;
    }

    /// <summary>An annotator flags an item they were given; it goes to review (or joins its open task) with their reason.</summary>
    /// <exception cref="NotFoundException">The item was never handed to the caller.</exception>
    /// <exception cref="InputException">The reason is longer than 500 characters.</exception>
    public async Task<ReviewTaskRef> FlagAsync(Caller caller, int projectId, long itemId, FlagRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        var reason = Clean(request?.Reason, 500, nameof(FlagRequest.Reason), "A flag's reason");
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Assignments.AnyAsync(a => a.ProjectId == projectId && a.ItemId == itemId && a.AnnotatorId == caller.UserId, cancellationToken))
        {
            throw new NotFoundException($"Item {itemId} was not handed to you in this project.");
        }
        db.ItemFlags.Add(new ItemFlag { ProjectId = projectId, ItemId = itemId, UserId = caller.UserId, Reason = reason, CreatedAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        return await TryOpenAsync(db, projectId, itemId, ReviewReason.Flagged, reason ?? "Flagged by an annotator", caller.UserId, cancellationToken);
    }

    /// <summary>A Manager or Reviewer sends any item of the project to review, resolved before or not.</summary>
    /// <exception cref="NotFoundException">No such item in the project.</exception>
    /// <exception cref="InputException">The note is longer than 1,000 characters.</exception>
    public async Task<ReviewTaskRef> SendAsync(Caller caller, int projectId, long itemId, SendToReviewRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager | ProjectRoles.Reviewer, cancellationToken);
        var note = Clean(request?.Note, 1000, nameof(SendToReviewRequest.Note), "A note");
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Items.AnyAsync(i => i.Id == itemId && i.ProjectId == projectId, cancellationToken))
        {
            throw new NotFoundException($"Item {itemId} is not in this project.");
        }
        return await TryOpenAsync(db, projectId, itemId, ReviewReason.Manual, note ?? "Sent to review by hand", caller.UserId, cancellationToken);
    }

    /// <summary>
    /// Sends to review the items whose weak label in model run <paramref name="runId"/> was accepted automatically (its
    /// confidence reaches the run's <c>AcceptThreshold</c> and some function voted, as in <see cref="Queue.WeakLabelQueue.Accepted"/>)
    /// but stays below the project's
    /// <see cref="WeakSupervisionSettings.ReviewBelow"/>, and that no person has answered (their answers decide those
    /// items). Items already open in review, resolved before, or gold are left alone. Call it after a run is written
    /// (the fit job); it takes no caller (the job's was checked when it was queued) and works in batches.
    /// </summary>
    /// <returns>How many items were sent.</returns>
    public async Task<int> RouteWeakLabelsAsync(int projectId, int runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.WeakLabelRuns.AsNoTracking().Where(r => r.Id == runId && r.ProjectId == projectId)
            .Select(r => new { r.AcceptThreshold, r.QuestionKey }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Model run {runId} is not in project {projectId}.");
        var json = await db.Projects.Where(p => p.Id == projectId).Select(p => p.WeakSupervisionJson).SingleAsync(cancellationToken);
        var reviewBelow = WeakSupervisionSettings.Parse(json).ReviewBelow;
        if (run.AcceptThreshold is not { } accept || reviewBelow is not { } below || below <= accept)
        {
            return 0;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var sent = 0;
        long after = 0;
        while (true)
        {
            List<(long ItemId, double Confidence)> batch;
            using (await gate.EnterAsync(cancellationToken))
            {
                var rows = await db.WeakLabels.AsNoTracking()
                    .Voted().Where(w => w.RunId == runId && w.ItemId > after && w.Confidence >= accept && w.Confidence < below)
                    .OrderBy(w => w.ItemId).Take(WeakBatch).Select(w => new { w.ItemId, w.Confidence }).ToListAsync(cancellationToken);
                if (rows.Count == 0)
                {
                    break;
                }
                after = rows[^1].ItemId;
                var (low, high) = (rows[0].ItemId, rows[^1].ItemId);
                // Narrowed by the batch's id range (not by project), so each lookup uses an item index; another
                // project's ids in the range only exclude ids this batch does not hold.
                var excluded = await db.Annotations.Where(a => a.ItemId >= low && a.ItemId <= high).Select(a => a.ItemId)
                    .Union(db.ReviewTasks.Where(t => t.ItemId >= low && t.ItemId <= high && (t.Status == ReviewTaskStatus.Open || t.Status == ReviewTaskStatus.Resolved)).Select(t => t.ItemId))
                    .Union(db.GoldItems.Where(g => g.ItemId >= low && g.ItemId <= high).Select(g => g.ItemId))
                    .Union(db.Items.Where(i => i.Id >= low && i.Id <= high && (i.Status != ItemStatus.Active || i.DuplicateOfId != null)).Select(i => i.Id))
                    .ToListAsync(cancellationToken);
                var skip = excluded.ToHashSet();
                batch = [.. rows.Where(r => !skip.Contains(r.ItemId)).Select(r => (r.ItemId, r.Confidence))];
                db.ReviewTasks.AddRange(batch.Select(r => new ReviewTask
                {
                    ProjectId = projectId,
                    ItemId = r.ItemId,
                    Reason = ReviewReason.WeakBelowThreshold,
                    Note = FormattableString.Invariant($"Weak label on '{run.QuestionKey}' accepted at confidence {r.Confidence:0.00}, below {below:0.00}"),
                    CreatedAt = now,
                    Status = ReviewTaskStatus.Open,
                }));
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
            sent += batch.Count;
        }
        if (sent > 0)
        {
            events.Publish(new ReviewUpdated(projectId, null, ReviewChange.Opened, sent));
        }
        return sent;
    }

    /// <summary>Opens a task for the item unless one is open already (then returns that one).</summary>
    private async Task<ReviewTaskRef> TryOpenAsync(AnnotateDbContext db, int projectId, long itemId, ReviewReason reason, string? note, string? byUserId,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var open = await db.ReviewTasks.AsNoTracking().Where(t => t.ItemId == itemId && t.Status == ReviewTaskStatus.Open)
                .Select(t => new { t.Id, t.Reason }).FirstOrDefaultAsync(cancellationToken);
            if (open is not null)
            {
                return new ReviewTaskRef(open.Id, itemId, open.Reason, false);
            }
            var task = new ReviewTask
            {
                ProjectId = projectId,
                ItemId = itemId,
                Reason = reason,
                Note = note is { Length: > 1000 } ? note[..1000] : note,
                CreatedAt = time.GetUtcNow().UtcDateTime,
                CreatedById = byUserId,
                Status = ReviewTaskStatus.Open,
            };
            db.ReviewTasks.Add(task);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another path opened one for this item at the same moment (the filtered unique index said no): use it.
                db.ChangeTracker.Clear();
                continue;
            }
            events.Publish(new ReviewUpdated(projectId, itemId, ReviewChange.Opened));
            return new ReviewTaskRef(task.Id, itemId, reason, true);
        }
    }

    private static string? Clean(string? text, int max, string field, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        return text.Length <= max ? text : throw new InputException(field, $"{what} is at most {max:N0} characters.");
    }
}
