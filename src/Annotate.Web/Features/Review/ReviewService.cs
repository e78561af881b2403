using System.Text.Json;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Core.Review;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Review;

/// <summary>
/// The reviewers' queue: open tasks handed out oldest first under a lease (one reviewer per task at a time), and the
/// decisions that resolve them. A decision is a new row (append-only) and becomes the item's final label; the
/// annotators' rows are never touched. Annotators read the decisions on their items as feedback.
/// </summary>
public sealed class ReviewService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    SchemaService schemas,
    StoreWriteGate gate,
    ProjectEventBus events,
    TimeProvider time)
{
    private const int Candidates = 8;

    /// <summary>The project's review settings; any member may read them.</summary>
    public async Task<ReviewSettings> GetSettingsAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Projects.Where(p => p.Id == projectId).Select(p => new ReviewSettings(p.ReviewAgreementThreshold, p.GoldRate)).SingleAsync(cancellationToken);
    }

    /// <exception cref="ForbiddenException">The caller is not a Manager of the project.</exception>
    /// <exception cref="InputException">A setting is out of range (named).</exception>
    public async Task<ReviewSettings> SaveSettingsAsync(Caller caller, int projectId, ReviewSettings settings, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        ArgumentNullException.ThrowIfNull(settings);
        if (!(settings.AgreementThreshold is >= 0 and <= 1))
        {
            throw new InputException(nameof(settings.AgreementThreshold), "The agreement threshold is 0 to 1.");
        }
        if (!(settings.GoldRate is >= 0 and <= 0.5))
        {
            throw new InputException(nameof(settings.GoldRate), "The gold rate is 0 to 0.5 (at most every second item).");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(u => u
            .SetProperty(p => p.ReviewAgreementThreshold, settings.AgreementThreshold)
            .SetProperty(p => p.GoldRate, settings.GoldRate), cancellationToken);
        return settings;
    }

    /// <summary>The queue in figures, for the Review tab (Managers and Reviewers).</summary>
    public async Task<ReviewQueueSummary> SummaryAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager | ProjectRoles.Reviewer, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var today = now.Date;
        var tasks = db.ReviewTasks.Where(t => t.ProjectId == projectId);
        var byStatus = await tasks.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var leased = await tasks.CountAsync(t => t.Status == ReviewTaskStatus.Open && t.LeasedById != null && t.LeaseExpiresAt > now, cancellationToken);
        var closedToday = await tasks.CountAsync(t => t.Status != ReviewTaskStatus.Open && t.ClosedAt >= today, cancellationToken);
        var byReason = await tasks.Where(t => t.Status == ReviewTaskStatus.Open).GroupBy(t => t.Reason)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return new ReviewQueueSummary(byStatus.GetValueOrDefault(ReviewTaskStatus.Open), leased, closedToday,
            byStatus.GetValueOrDefault(ReviewTaskStatus.Resolved), byStatus.GetValueOrDefault(ReviewTaskStatus.SentBack), byReason);
    }

    /// <summary>A page of the project's review tasks, open ones oldest first, closed ones newest first (Managers and Reviewers).</summary>
    public async Task<PagedResult<ReviewTaskRow>> ListAsync(Caller caller, int projectId, ReviewTaskStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager | ProjectRoles.Reviewer, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var tasks = db.ReviewTasks.AsNoTracking().Where(t => t.ProjectId == projectId);
        if (status is { } s)
        {
            tasks = tasks.Where(t => t.Status == s);
        }
        var total = await tasks.CountAsync(cancellationToken);
        tasks = status == ReviewTaskStatus.Open ? tasks.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id) : tasks.OrderByDescending(t => t.Id);
        var size = Math.Clamp(pageSize, 1, 200);
        var rows = await tasks.Skip(Math.Max(0, page) * size).Take(size)
            .Select(t => new
            {
                t.Id,
                t.ItemId,
                Text = t.Item!.Text.Length > 200 ? t.Item.Text.Substring(0, 200) : t.Item.Text,
                t.Reason,
                t.Note,
                t.Status,
                t.CreatedAt,
                t.ClosedAt,
                Holder = t.Status == ReviewTaskStatus.Open && t.LeaseExpiresAt > now
                    ? db.Users.Where(u => u.Id == t.LeasedById).Select(u => new { u.DisplayName, u.Email, u.UserName, u.Id }).FirstOrDefault()
                    : null,
            })
            .ToListAsync(cancellationToken);
        return new PagedResult<ReviewTaskRow>([.. rows.Select(r => new ReviewTaskRow(r.Id, r.ItemId, r.Text, r.Reason, r.Note, r.Status, r.CreatedAt,
            r.Holder is null ? null : ReviewQueries.NameOf(r.Holder.DisplayName, r.Holder.Email, r.Holder.UserName, r.Holder.Id), r.ClosedAt))], total);
    }

    /// <summary>
    /// The reviewer's next task: one they hold already (other than those in <paramref name="holding"/>), else the oldest
    /// open task nobody holds, leased to them for the project's lease length; null when none is left.
    /// </summary>
    /// <exception cref="ForbiddenException">The caller is not a Reviewer of the project.</exception>
    public async Task<ReviewItem?> NextAsync(Caller caller, int projectId, IReadOnlyCollection<long>? holding, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Reviewer, cancellationToken);
        holding ??= [];
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var until = now.AddMinutes(await db.Projects.Where(p => p.Id == projectId).Select(p => p.LeaseMinutes).SingleAsync(cancellationToken));
        var open = db.ReviewTasks.Where(t => t.ProjectId == projectId && t.Status == ReviewTaskStatus.Open && !holding.Contains(t.Id));
        var mine = await open.Where(t => t.LeasedById == caller.UserId && t.LeaseExpiresAt > now).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);
        var candidates = mine is { } held ? [held]
            : await open.Where(t => t.LeasedById == null || t.LeaseExpiresAt <= now).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
                .Select(t => t.Id).Take(Candidates).ToListAsync(cancellationToken);
        foreach (var taskId in candidates)
        {
            // A conditional update is the lease: of two reviewers asking at once, one changes the row and the other moves on.
            var taken = await db.ReviewTasks
                .Where(t => t.Id == taskId && t.Status == ReviewTaskStatus.Open && (t.LeasedById == null || t.LeaseExpiresAt <= now || t.LeasedById == caller.UserId))
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.LeasedById, caller.UserId).SetProperty(t => t.LeaseExpiresAt, until), cancellationToken);
            if (taken == 1)
            {
                if (mine is null)
                {
                    events.Publish(new ReviewUpdated(projectId, null, ReviewChange.Leased));
                }
                return await DescribeAsync(db, projectId, taskId, cancellationToken);
            }
        }
        return null;
    }

    /// <summary>One task for the reviewer (picked from the list), leased to them when nobody else holds it.</summary>
    /// <exception cref="NotFoundException">No such task in the project.</exception>
    /// <exception cref="ConflictException">Another reviewer holds it.</exception>
    public async Task<ReviewItem> TakeAsync(Caller caller, int projectId, long taskId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Reviewer, cancellationToken);
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var task = await db.ReviewTasks.AsNoTracking().Where(t => t.Id == taskId && t.ProjectId == projectId).Select(t => new { t.Status }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Review task {taskId} is not in this project.");
        if (task.Status == ReviewTaskStatus.Open)
        {
            var until = now.AddMinutes(await db.Projects.Where(p => p.Id == projectId).Select(p => p.LeaseMinutes).SingleAsync(cancellationToken));
            var taken = await db.ReviewTasks
                .Where(t => t.Id == taskId && (t.LeasedById == null || t.LeaseExpiresAt <= now || t.LeasedById == caller.UserId))
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.LeasedById, caller.UserId).SetProperty(t => t.LeaseExpiresAt, until), cancellationToken);
            if (taken == 0)
            {
                throw new ConflictException($"Another reviewer is working on this item (review task {taskId}) right now.");
            }
        }
        return await DescribeAsync(db, projectId, taskId, cancellationToken);
    }

    /// <summary>
    /// Keeps the caller's lease on a task while its page shows it (the workbench renews at a third of the lease), as the
    /// annotators' workbench keeps theirs. A lease that lapsed is taken again when nobody else took the task meanwhile.
    /// </summary>
    /// <returns>The new expiry, or null when the caller no longer holds the task: another reviewer has it, or it was closed.</returns>
    /// <exception cref="ForbiddenException">The caller is not a Reviewer of the project.</exception>
    public async Task<DateTime?> RenewAsync(Caller caller, int projectId, long taskId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Reviewer, cancellationToken);
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var until = now.AddMinutes(await db.Projects.Where(p => p.Id == projectId).Select(p => p.LeaseMinutes).SingleAsync(cancellationToken));
        var renewed = await db.ReviewTasks
            .Where(t => t.Id == taskId && t.ProjectId == projectId && t.Status == ReviewTaskStatus.Open
                && (t.LeasedById == caller.UserId || t.LeasedById == null || t.LeaseExpiresAt <= now))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.LeasedById, caller.UserId).SetProperty(t => t.LeaseExpiresAt, until), cancellationToken);
        return renewed == 1 ? until : null;
    }

    /// <summary>Lets go of a task the caller holds (they skipped it): it is free for the others again.</summary>
    public async Task ReleaseAsync(Caller caller, int projectId, long taskId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Reviewer, cancellationToken);
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var released = await db.ReviewTasks.Where(t => t.Id == taskId && t.ProjectId == projectId && t.LeasedById == caller.UserId && t.Status == ReviewTaskStatus.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.LeasedById, (string?)null).SetProperty(t => t.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        if (released == 1)
        {
            events.Publish(new ReviewUpdated(projectId, null, ReviewChange.Leased));
        }
    }

    /// <summary>
    /// Resolves a task: the accepted annotation's answer, or the reviewer's own, becomes the item's final label. The
    /// decision is a new row; the task is closed; nothing the annotators wrote changes.
    /// </summary>
    /// <exception cref="NotFoundException">No such task in the project, or the annotation is not one of the item's.</exception>
    /// <exception cref="InputException">Neither or both of annotation and answer given, or the answer breaks the schema (the question is named).</exception>
    /// <exception cref="ConflictException">The task is closed already, or another reviewer holds it.</exception>
    public async Task<ReviewDecisionResult> ResolveAsync(Caller caller, int projectId, long taskId, ResolveRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Reviewer, cancellationToken);
        ArgumentNullException.ThrowIfNull(request);
        if ((request.AnnotationId is null) == (request.Answer is null))
        {
            throw new InputException(nameof(request.AnnotationId), "Give either the annotation to accept or an answer of your own, not both.");
        }
        var schema = await schemas.LoadAsync(projectId, cancellationToken);
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var task = await OpenTaskAsync(db, projectId, taskId, caller, cancellationToken);
        string answerJson;
        ReviewOutcome outcome;
        if (request.AnnotationId is { } annotationId)
        {
            answerJson = await db.Annotations.Where(a => a.Id == annotationId && a.ItemId == task.ItemId && a.ProjectId == projectId)
                .Select(a => a.AnswerJson).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"Annotation {annotationId} is not an answer to item {task.ItemId}.");
            outcome = ReviewOutcome.Accepted;
        }
        else
        {
            var text = await db.Items.Where(i => i.Id == task.ItemId).Select(i => i.Text).SingleAsync(cancellationToken);
            if (request.Answer!.Problems(schema.Schema, text) is { Count: > 0 } problems)
            {
                throw new InputException(nameof(request.Answer), string.Join(" ", problems));
            }
            answerJson = LabelingJson.Serialize(request.Answer);
            outcome = ReviewOutcome.NewAnswer;
        }
        var decision = await DecideAsync(db, task, caller, outcome, request.AnnotationId, answerJson, null, ReviewTaskStatus.Resolved, schema.Version, cancellationToken);
        events.Publish(new ReviewUpdated(projectId, task.ItemId, ReviewChange.Resolved));
        return decision;
    }

    /// <summary>
    /// Sends the item back to its annotators with a comment they see in their feedback. It gets no final label from
    /// review; when one of them changes their answer, the routing checks the item again.
    /// </summary>
    /// <exception cref="InputException">The comment is empty or longer than 2,000 characters.</exception>
    /// <exception cref="ConflictException">The task is closed already, or another reviewer holds it.</exception>
    public async Task<ReviewDecisionResult> SendBackAsync(Caller caller, int projectId, long taskId, SendBackRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Reviewer, cancellationToken);
        var comment = request?.Comment?.Trim();
        if (string.IsNullOrEmpty(comment))
        {
            throw new InputException(nameof(SendBackRequest.Comment), "Say what the annotators should look at again: the comment is required when sending back.");
        }
        if (comment.Length > 2000)
        {
            throw new InputException(nameof(SendBackRequest.Comment), "A comment is at most 2,000 characters.");
        }
        var schemaVersion = (await schemas.LoadAsync(projectId, cancellationToken)).Version;
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var task = await OpenTaskAsync(db, projectId, taskId, caller, cancellationToken);
        var decision = await DecideAsync(db, task, caller, ReviewOutcome.SentBack, null, null, comment, ReviewTaskStatus.SentBack, schemaVersion, cancellationToken);
        events.Publish(new ReviewUpdated(projectId, task.ItemId, ReviewChange.SentBack));
        return decision;
    }

    /// <summary>The decisions on items the caller annotated, newest first: the final answer against theirs, and the reviewer's comment.</summary>
    public async Task<IReadOnlyList<FeedbackEntry>> FeedbackAsync(Caller caller, int projectId, int skip, int take, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        take = Math.Clamp(take, 1, 100);
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var latest = db.ReviewDecisions.Where(d => d.ProjectId == projectId && !db.ReviewDecisions.Any(e => e.ProjectId == projectId && e.ItemId == d.ItemId && e.Id > d.Id));
        var rows = await latest
            .Where(d => db.Annotations.Any(a => a.ItemId == d.ItemId && a.AnnotatorId == caller.UserId))
            .OrderByDescending(d => d.Id).Skip(Math.Max(0, skip)).Take(take)
            .Select(d => new
            {
                d.ItemId,
                Text = db.Items.Where(i => i.Id == d.ItemId).Select(i => i.Text.Length > 200 ? i.Text.Substring(0, 200) : i.Text).First(),
                d.Outcome,
                d.Comment,
                d.AnswerJson,
                d.CreatedAt,
                Reviewer = db.Users.Where(u => u.Id == d.ReviewerId).Select(u => new { u.DisplayName, u.Email, u.UserName, u.Id }).First(),
                Mine = db.Annotations.Where(a => a.ItemId == d.ItemId && a.AnnotatorId == caller.UserId).OrderByDescending(a => a.Version).Select(a => a.AnswerJson).First(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var mine = LabelingJson.Deserialize<Answer>(r.Mine);
            var final = r.AnswerJson is null ? null : LabelingJson.Deserialize<Answer>(r.AnswerJson);
            return new FeedbackEntry(r.ItemId, r.Text, r.Outcome, final is null ? null : AnswerDistance.Score(schema, mine, final).Correct, r.Comment,
                ReviewQueries.NameOf(r.Reviewer.DisplayName, r.Reviewer.Email, r.Reviewer.UserName, r.Reviewer.Id), r.CreatedAt, mine, final);
        })];
    }

    private async Task<ReviewTask> OpenTaskAsync(AnnotateDbContext db, int projectId, long taskId, Caller caller, CancellationToken cancellationToken)
    {
        var task = await db.ReviewTasks.SingleOrDefaultAsync(t => t.Id == taskId && t.ProjectId == projectId, cancellationToken)
            ?? throw new NotFoundException($"Review task {taskId} is not in this project.");
        if (task.Status != ReviewTaskStatus.Open)
        {
            throw new ConflictException($"Item {task.ItemId} was {(task.Status == ReviewTaskStatus.Resolved ? "resolved" : "sent back")} already; reload the queue.");
        }
        if (task.LeasedById is { } holder && holder != caller.UserId && task.LeaseExpiresAt > time.GetUtcNow().UtcDateTime)
        {
            throw new ConflictException($"Another reviewer is working on item {task.ItemId} right now.");
        }
        return task;
    }

    private async Task<ReviewDecisionResult> DecideAsync(AnnotateDbContext db, ReviewTask task, Caller caller, ReviewOutcome outcome, long? annotationId,
        string? answerJson, string? comment, ReviewTaskStatus closeAs, int schemaVersion, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Closing only an open task makes the second of two simultaneous decisions fail here instead of adding a row.
        var closed = await db.ReviewTasks.Where(t => t.Id == task.Id && t.Status == ReviewTaskStatus.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, closeAs).SetProperty(t => t.ClosedAt, now)
                .SetProperty(t => t.LeasedById, (string?)null).SetProperty(t => t.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        if (closed == 0)
        {
            throw new ConflictException($"Item {task.ItemId} was decided by someone else a moment ago; reload the queue.");
        }
        var decision = new ReviewDecision
        {
            TaskId = task.Id,
            ProjectId = task.ProjectId,
            ItemId = task.ItemId,
            Outcome = outcome,
            AcceptedAnnotationId = annotationId,
            AnswerJson = answerJson,
            Comment = comment,
            ReviewerId = caller.UserId,
            CreatedAt = now,
            SchemaVersion = schemaVersion,
        };
        db.ReviewDecisions.Add(decision);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReviewDecisionResult(decision.Id, task.Id, task.ItemId, outcome);
    }

    private async Task<ReviewItem> DescribeAsync(AnnotateDbContext db, int projectId, long taskId, CancellationToken cancellationToken)
    {
        var task = await db.ReviewTasks.AsNoTracking().Where(t => t.Id == taskId)
            .Select(t => new { t.Id, t.ItemId, t.Reason, t.Note, t.CreatedAt, t.LeaseExpiresAt, t.Item!.Text, t.Item.MetadataJson }).SingleAsync(cancellationToken);
        var schema = await schemas.LoadAsync(projectId, cancellationToken);
        var itemId = task.ItemId;

        var versions = await db.Annotations.AsNoTracking().Where(a => a.ItemId == itemId && a.Source != AnnotationSource.Review)
            .GroupBy(a => a.AnnotatorId).Select(g => new { AnnotatorId = g.Key, Count = g.Count(), First = g.Min(a => a.Id) })
            .ToDictionaryAsync(g => g.AnnotatorId, cancellationToken);
        // Numbered in the order the annotators first answered, so a number stays with its annotator when one changes their answer.
        var latest = (await ReviewQueries.LatestAnswers(db).AsNoTracking().Where(a => a.ItemId == itemId)
            .Select(a => new { a.Id, a.AnnotatorId, a.Version, a.CreatedAt, a.AnswerJson, a.Source, a.Late, a.DurationMs }).ToListAsync(cancellationToken))
            .OrderBy(a => versions[a.AnnotatorId].First).ToList();
        var flags = await db.ItemFlags.AsNoTracking().Where(f => f.ItemId == itemId).OrderBy(f => f.Id)
            .Select(f => new { f.UserId, f.Reason, f.CreatedAt }).ToListAsync(cancellationToken);
        var history = await db.ReviewDecisions.AsNoTracking().Where(d => d.ProjectId == projectId && d.ItemId == itemId).OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.Outcome, d.ReviewerId, d.CreatedAt, d.AnswerJson, d.Comment }).ToListAsync(cancellationToken);
        var userIds = latest.Select(a => a.AnnotatorId).Concat(flags.Select(f => f.UserId)).Concat(history.Select(h => h.ReviewerId)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName }).ToDictionaryAsync(u => u.Id, u => ReviewQueries.NameOf(u.DisplayName, u.Email, u.UserName, u.Id), cancellationToken);

        var annotations = latest.Select((a, i) => new ReviewAnnotation(i + 1, a.Id, a.AnnotatorId, names.GetValueOrDefault(a.AnnotatorId, a.AnnotatorId), a.Version,
            versions[a.AnnotatorId].Count, a.CreatedAt, LabelingJson.Deserialize<Answer>(a.AnswerJson), a.Source, a.Late, a.DurationMs)).ToList();
        var agreement = ItemAgreement.Evaluate(schema.Schema, [.. annotations.Select(a => a.Answer)],
            Math.Clamp(await db.Projects.Where(p => p.Id == projectId).Select(p => p.ReviewAgreementThreshold).SingleAsync(cancellationToken), 0, 1));

        var weak = await (
            from run in db.WeakLabelRuns.AsNoTracking()
            where run.ProjectId == projectId && !db.WeakLabelRuns.Any(r => r.ProjectId == projectId && r.QuestionKey == run.QuestionKey && r.Id > run.Id)
            join label in db.WeakLabels.AsNoTracking() on run.Id equals label.RunId
            where label.ItemId == itemId && label.Label != null
            select new { run.Id, run.QuestionKey, run.Model, label.Label, label.Confidence, label.AnyVote, run.AcceptThreshold })
            .ToListAsync(cancellationToken);
        var votes = await (
            from vote in db.LfVotes.AsNoTracking()
            where vote.ItemId == itemId
            join version in db.LabelingFunctionVersions.AsNoTracking() on vote.FunctionVersionId equals version.Id
            where version.Function!.CurrentVersion == version.Version
            orderby version.Function!.Name
            select new LfVoteView(version.Function!.Name, version.Version, version.Function.QuestionKey, vote.Label))
            .ToListAsync(cancellationToken);

        return new ReviewItem(task.Id, itemId, task.Text, Metadata(task.MetadataJson), task.Reason, task.Note, task.CreatedAt, task.LeaseExpiresAt, schema.Version,
            annotations, agreement.Questions,
            [.. flags.Select(f => new ReviewFlag(names.GetValueOrDefault(f.UserId, f.UserId), f.Reason, f.CreatedAt))],
            [.. weak.Select(w => new WeakSuggestion(w.Id, w.QuestionKey, w.Model, w.Label!, w.Confidence, Queue.WeakLabelQueue.IsAccepted(w.AnyVote, w.Confidence, w.AcceptThreshold)))],
            votes,
            [.. history.Select(h => new ReviewHistoryEntry(h.Id, h.Outcome, names.GetValueOrDefault(h.ReviewerId, h.ReviewerId), h.CreatedAt,
                h.AnswerJson is null ? null : LabelingJson.Deserialize<Answer>(h.AnswerJson), h.Comment))]);
    }

    internal static IReadOnlyDictionary<string, string?> Metadata(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new Dictionary<string, string?>();
        }
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? new Dictionary<string, string?>();
        }
        catch (JsonException)
        {
            return new Dictionary<string, string?>();
        }
    }
}
