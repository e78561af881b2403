using System.Text.Json;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Review;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Queue;

/// <summary>
/// The labeling queue: hands items to annotators under leases, takes their answers as new annotation versions, lets
/// them skip and go back. What must hold holds in the store: a unique (item, annotator) assignment, so nobody gets an
/// item twice; items are handed out inside a write transaction that re-counts the item's submissions and live leases
/// (under a row lock on PostgreSQL; SQLite has one writer), so open leases plus submissions never pass k when handed
/// out; annotations are only ever inserted. A submission that arrives after its lease expired is kept and marked late.
/// </summary>
public sealed class QueueService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    SchemaService schemas,
    StoreWriteGate gate,
    ProjectEventBus events,
    ReviewRoutingService review,
    TimeProvider time)
{
    private const int Candidates = 8;

    public async Task<QueueSettings> GetSettingsAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Projects.Where(p => p.Id == projectId)
            .Select(p => new QueueSettings(p.Overlap, p.LeaseMinutes, (QueueOrder)p.QueueOrder, p.QueueSeed, p.QueueOrderField, p.QueueOrderDescending))
            .SingleAsync(cancellationToken);
    }

    /// <exception cref="InputException">A setting is out of range, or the order's metadata field is missing or unknown (named).</exception>
    public async Task<QueueSettings> SaveSettingsAsync(Caller caller, int projectId, QueueSettings settings, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        if (settings.Overlap is < 1 or > 20)
        {
            throw new InputException(nameof(settings.Overlap), "Overlap (annotations per item) is 1 to 20.");
        }
        if (settings.LeaseMinutes is < 1 or > 1440)
        {
            throw new InputException(nameof(settings.LeaseMinutes), "The lease is 1 to 1,440 minutes.");
        }
        if (!Enum.IsDefined(settings.Order))
        {
            throw new InputException(nameof(settings.Order), $"The order is {string.Join(", ", Enum.GetNames<QueueOrder>())}.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        settings = settings.Order == QueueOrder.MetadataField
            ? settings with { OrderField = await MetadataFieldOrder.ValidateAsync(db, projectId, settings.OrderField, cancellationToken) }
            : settings with { OrderField = null, Descending = false };
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(u => u
            .SetProperty(p => p.Overlap, settings.Overlap)
            .SetProperty(p => p.LeaseMinutes, settings.LeaseMinutes)
            .SetProperty(p => p.QueueOrder, (int)settings.Order)
            .SetProperty(p => p.QueueSeed, settings.Seed)
            .SetProperty(p => p.QueueOrderField, settings.OrderField)
            .SetProperty(p => p.QueueOrderDescending, settings.Descending), cancellationToken);
        return settings;
    }

    /// <summary>The metadata field names the project's items have, for choosing the by-field order.</summary>
    public async Task<IReadOnlyList<string>> MetadataFieldsAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await MetadataFieldOrder.FieldsAsync(db, projectId, cancellationToken);
    }

    /// <summary>
    /// The caller's next item: an open lease they already hold (other than <paramref name="holding"/>, the items the
    /// workbench already shows or has prefetched), else a newly leased item; null when nothing is left for them.
    /// </summary>
    /// <param name="skipped">Hand out one of the caller's skipped items instead (they asked to see them again).</param>
    public async Task<QueueItem?> NextAsync(Caller caller, int projectId, IReadOnlyCollection<long>? holding, bool skipped, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        var schema = await schemas.LoadAsync(projectId, cancellationToken);
        if (schema.Version == 0)
        {
            throw new ConflictException("The project has no label schema yet; a Manager defines it on the Labels tab.");
        }
        holding ??= [];
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var _ = await gate.EnterAsync(cancellationToken);
                return await ClaimAsync(caller.UserId, projectId, holding, skipped, schema, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The same annotator asked twice at once (two tabs) and both picked the same item: the unique
                // (item, annotator) index refused the second; pick again.
            }
        }
    }

    private async Task<QueueItem?> ClaimAsync(string userId, int projectId, IReadOnlyCollection<long> holding, bool skipped, SchemaDto schema,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var project = await db.Projects.Where(p => p.Id == projectId)
            .Select(p => new { p.Overlap, p.LeaseMinutes, p.QueueOrder, p.QueueSeed, p.QueueOrderField, p.QueueOrderDescending, p.GoldRate }).SingleAsync(cancellationToken);
        var lease = TimeSpan.FromMinutes(project.LeaseMinutes);

        var open = await db.Assignments
            .Where(a => a.ProjectId == projectId && a.AnnotatorId == userId && a.Status == AssignmentStatus.Leased && a.ExpiresAt > now
                && !holding.Contains(a.ItemId))
            .OrderBy(a => a.LeasedAt).ThenBy(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        if (open is not null)
        {
            open.ExpiresAt = now + lease;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return await DescribeAsync(db, open, schema, cancellationToken);
        }

        var k = project.Overlap;
        if (skipped)
        {
            var skippedItems = await db.Assignments
                .Where(a => a.ProjectId == projectId && a.AnnotatorId == userId && a.Status == AssignmentStatus.Skipped && !holding.Contains(a.ItemId))
                .OrderBy(a => a.LeasedAt).Select(a => a.ItemId).Take(Candidates).ToListAsync(cancellationToken);
            foreach (var itemId in skippedItems)
            {
                if (await HasRoomAsync(db, itemId, k, now, cancellationToken))
                {
                    var assignment = await db.Assignments.SingleAsync(a => a.ItemId == itemId && a.AnnotatorId == userId, cancellationToken);
                    assignment.Status = AssignmentStatus.Leased;
                    assignment.LeasedAt = now;
                    assignment.ExpiresAt = now + lease;
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return await DescribeAsync(db, assignment, schema, cancellationToken);
                }
            }
            return null;
        }

        // Gold items (#7) come only this way, when one is due for this annotator, outside the overlap limit.
        if (await GoldMixing.PickAsync(db, projectId, userId, project.GoldRate, cancellationToken) is { } goldId)
        {
            var gold = new Assignment { ProjectId = projectId, ItemId = goldId, AnnotatorId = userId, Status = AssignmentStatus.Leased, LeasedAt = now, ExpiresAt = now + lease };
            db.Assignments.Add(gold);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return await DescribeAsync(db, gold, schema, cancellationToken);
        }

        var runs = await WeakLabelQueue.CurrentRunsAsync(db, projectId, cancellationToken);
        var eligible = WeakLabelQueue.WithoutAutoAccepted(db, QueueScope.NeedingPeople(db, projectId, k), WeakLabelQueue.AcceptingRuns(schema.Schema, runs))
            .Where(i => !db.Assignments.Any(a => a.ItemId == i.Id && a.AnnotatorId == userId)
                && db.Assignments.Count(a => a.ItemId == i.Id
                    && (a.Status == AssignmentStatus.Submitted || (a.Status == AssignmentStatus.Leased && a.ExpiresAt > now))) < k);
        var seed = (long)project.QueueSeed;
        var order = (QueueOrder)project.QueueOrder;
        var orderingRun = order is QueueOrder.Uncertainty or QueueOrder.MinorityFirst ? WeakLabelQueue.OrderingRun(schema.Schema, runs) : null;
        var candidates = new List<long>();
        if (order == QueueOrder.MinorityFirst && orderingRun is not null)
        {
            // Rarest suggested class first; items without a suggestion come after all suggested ones.
            foreach (var label in await WeakLabelQueue.ClassesRarestFirstAsync(db, orderingRun.Id, cancellationToken))
            {
                candidates.AddRange(await WeakLabelQueue.SuggestedAs(db, eligible, orderingRun.Id, label).Take(Candidates).ToListAsync(cancellationToken));
                if (candidates.Count >= Candidates)
                {
                    break;
                }
            }
        }
        var ordered = order switch
        {
            QueueOrder.Uncertainty when orderingRun is not null => WeakLabelQueue.ByUncertainty(db, eligible, orderingRun.Id),
            // A fixed pseudo-random permutation of the ids for the seed (multiplicative hashing; fits in 64 bits).
            QueueOrder.Random => eligible.OrderBy(i => (i.Id * 2654435761L + seed * 40503L) % 4294967291L).ThenBy(i => i.Id).Select(i => i.Id),
            QueueOrder.MetadataField when project.QueueOrderField is { } field =>
                MetadataFieldOrder.Order(db, eligible, projectId, field, project.QueueOrderDescending),
            _ => eligible.OrderBy(i => i.SubmittedCount).ThenBy(i => i.Id).Select(i => i.Id),
        };
        if (candidates.Count < Candidates)
        {
            candidates.AddRange((await ordered.Take(Candidates).ToListAsync(cancellationToken)).Where(id => !candidates.Contains(id)));
        }
        foreach (var itemId in candidates)
        {
            if (!await HasRoomAsync(db, itemId, k, now, cancellationToken))
            {
                continue;
            }
            var assignment = new Assignment
            {
                ProjectId = projectId,
                ItemId = itemId,
                AnnotatorId = userId,
                Status = AssignmentStatus.Leased,
                LeasedAt = now,
                ExpiresAt = now + lease,
            };
            db.Assignments.Add(assignment);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return await DescribeAsync(db, assignment, schema, cancellationToken);
        }
        return null;
    }

    /// <summary>Locks the item (PostgreSQL) and counts its submissions and live leases again, inside the transaction.</summary>
    private static async Task<bool> HasRoomAsync(AnnotateDbContext db, long itemId, int k, DateTime now, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            // Concurrent claims of one item queue up here; each sees the others' committed leases when it counts.
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM \"Items\" WHERE \"Id\" = {itemId} FOR UPDATE", cancellationToken);
        }
        var taken = await db.Assignments.CountAsync(a => a.ItemId == itemId
            && (a.Status == AssignmentStatus.Submitted || (a.Status == AssignmentStatus.Leased && a.ExpiresAt > now)), cancellationToken);
        return taken < k;
    }

    private static async Task<QueueItem> DescribeAsync(AnnotateDbContext db, Assignment assignment, SchemaDto schema, CancellationToken cancellationToken)
    {
        var item = await db.Items.AsNoTracking().Where(i => i.Id == assignment.ItemId).Select(i => new { i.Text, i.MetadataJson }).SingleAsync(cancellationToken);
        var latest = await db.Annotations.AsNoTracking().Where(a => a.ItemId == assignment.ItemId && a.AnnotatorId == assignment.AnnotatorId)
            .OrderByDescending(a => a.Version).Select(a => new { a.AnswerJson, a.Version }).FirstOrDefaultAsync(cancellationToken);
        var suggestions = await WeakLabelQueue.SuggestionsAsync(db, assignment.ProjectId, assignment.ItemId, schema.Schema, cancellationToken);
        return new QueueItem(assignment.ItemId, item.Text, Metadata(item.MetadataJson), assignment.ExpiresAt, schema.Version,
            latest is null ? null : LabelingJson.Deserialize<Answer>(latest.AnswerJson), latest?.Version ?? 0, suggestions);
    }

    /// <summary>Keeps the caller's lease on the item while they work on it.</summary>
    /// <returns>The new expiry, or null when the lease had expired already (a submission is still accepted, as late).</returns>
    public async Task<DateTime?> RenewAsync(Caller caller, int projectId, long itemId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var minutes = await db.Projects.Where(p => p.Id == projectId).Select(p => p.LeaseMinutes).SingleAsync(cancellationToken);
        var expires = now.AddMinutes(minutes);
        var renewed = await db.Assignments
            .Where(a => a.ProjectId == projectId && a.ItemId == itemId && a.AnnotatorId == caller.UserId && a.Status == AssignmentStatus.Leased && a.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ExpiresAt, expires), cancellationToken);
        return renewed == 1 ? expires : null;
    }

    /// <summary>
    /// Records the caller's answer for an item they were given: the first answer, or a change to an earlier one (a new
    /// version; the earlier versions stay).
    /// </summary>
    /// <exception cref="NotFoundException">The item was never handed to the caller.</exception>
    /// <exception cref="InputException">The answer breaks the schema; the message names the question.</exception>
    /// <exception cref="ConflictException">Another submission for the same item by the same person won the race.</exception>
    public async Task<SubmitResult> SubmitAsync(Caller caller, int projectId, long itemId, SubmitRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        ArgumentNullException.ThrowIfNull(request?.Answer, nameof(request.Answer));
        var schema = await schemas.LoadAsync(projectId, cancellationToken);
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.ProjectId == projectId && a.ItemId == itemId && a.AnnotatorId == caller.UserId, cancellationToken)
            ?? throw new NotFoundException($"Item {itemId} was not handed to you in this project.");
        var text = await db.Items.Where(i => i.Id == itemId).Select(i => i.Text).SingleAsync(cancellationToken);
        var problems = request.Answer.Problems(schema.Schema, text);
        if (problems.Count > 0)
        {
            throw new InputException("Answer", string.Join(" ", problems));
        }
        var now = time.GetUtcNow().UtcDateTime;
        var version = 1 + (await db.Annotations.Where(a => a.ItemId == itemId && a.AnnotatorId == caller.UserId).MaxAsync(a => (int?)a.Version, cancellationToken) ?? 0);
        var late = false;
        if (assignment.Status != AssignmentStatus.Submitted)
        {
            // An expired or skipped assignment may have given its slot to someone else: keep the answer, mark it late.
            late = assignment.Status == AssignmentStatus.Skipped || assignment.ExpiresAt <= now;
            assignment.Status = AssignmentStatus.Submitted;
            assignment.SubmittedAt = now;
            assignment.Late = late;
            await db.Items.Where(i => i.Id == itemId).ExecuteUpdateAsync(u => u.SetProperty(i => i.SubmittedCount, i => i.SubmittedCount + 1), cancellationToken);
        }
        db.Annotations.Add(new Annotation
        {
            ProjectId = projectId,
            ItemId = itemId,
            AnnotatorId = caller.UserId,
            AssignmentId = assignment.Id,
            Version = version,
            SchemaVersion = schema.Version,
            AnswerJson = LabelingJson.Serialize(request.Answer),
            Source = AnnotationSource.Human,
            CreatedAt = now,
            DurationMs = request.DurationMs is >= 0 ? request.DurationMs : null,
            Late = late,
            SuggestionRunId = await KeptSuggestionAsync(db, projectId, itemId, request, cancellationToken),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException($"Your answer for item {itemId} was changed elsewhere at the same time; reload it.");
        }
        await transaction.CommitAsync(cancellationToken);
        events.Publish(new QueueUpdated(projectId, itemId, caller.UserId, version == 1 ? QueueChange.Submitted : QueueChange.Changed, version));
        // With k answers in (or a changed one), a disagreement sends the item to review (#7); the write turn is still ours.
        await review.RouteAfterSubmissionAsync(projectId, itemId, cancellationToken);
        return new SubmitResult(itemId, version, late);
    }

    /// <summary>
    /// The run whose suggestion the answer kept: the run the client names, if it is one of the project's and the
    /// answer's label for its question equals that run's weak label for the item; otherwise null.
    /// </summary>
    private static async Task<int?> KeptSuggestionAsync(AnnotateDbContext db, int projectId, long itemId, SubmitRequest request, CancellationToken cancellationToken)
    {
        if (request.SuggestionRunId is not { } runId)
        {
            return null;
        }
        var weak = await db.WeakLabels.AsNoTracking()
            .Where(w => w.RunId == runId && w.ItemId == itemId && w.ProjectId == projectId)
            .Select(w => new { w.Label, Question = db.WeakLabelRuns.Where(r => r.Id == w.RunId).Select(r => r.QuestionKey).First() })
            .SingleOrDefaultAsync(cancellationToken);
        return weak?.Label is { } label && request.Answer.Questions.GetValueOrDefault(weak.Question)?.Label == label ? runId : null;
    }

    /// <summary>Skips an item the caller holds: its slot goes back to the others, and the caller does not see it again unless they ask for skipped items.</summary>
    /// <exception cref="NotFoundException">The item was never handed to the caller.</exception>
    /// <exception cref="ConflictException">The caller has answered it already (change the answer instead).</exception>
    public async Task SkipAsync(Caller caller, int projectId, long itemId, SkipRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        if (request.Reason is { Length: > 500 })
        {
            throw new InputException(nameof(request.Reason), "A skip reason is at most 500 characters.");
        }
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.ProjectId == projectId && a.ItemId == itemId && a.AnnotatorId == caller.UserId, cancellationToken)
            ?? throw new NotFoundException($"Item {itemId} was not handed to you in this project.");
        if (assignment.Status == AssignmentStatus.Submitted)
        {
            throw new ConflictException($"You have answered item {itemId} already; change your answer from your history instead.");
        }
        assignment.Status = AssignmentStatus.Skipped;
        assignment.SkipReason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(new QueueUpdated(projectId, itemId, caller.UserId, QueueChange.Skipped, 0));
    }

    /// <summary>The caller's answered and skipped items, newest first, with their current answers.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(Caller caller, int projectId, int skip, int take, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        take = Math.Clamp(take, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Assignments.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.AnnotatorId == caller.UserId && a.Status != AssignmentStatus.Leased)
            .OrderByDescending(a => a.SubmittedAt ?? a.LeasedAt).ThenByDescending(a => a.Id).Skip(Math.Max(0, skip)).Take(take)
            .Select(a => new
            {
                a.ItemId,
                a.Item!.Text,
                a.Status,
                a.SubmittedAt,
                a.SkipReason,
                Latest = db.Annotations.Where(n => n.ItemId == a.ItemId && n.AnnotatorId == a.AnnotatorId).OrderByDescending(n => n.Version)
                    .Select(n => new { n.AnswerJson, n.Version }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new HistoryEntry(r.ItemId, r.Text, r.Latest is null ? null : LabelingJson.Deserialize<Answer>(r.Latest.AnswerJson),
            r.Latest?.Version ?? 0, r.Status.ToString(), r.SubmittedAt, r.SkipReason))];
    }

    /// <summary>The caller's item again (from their history), leased or not, with their current answer.</summary>
    /// <exception cref="NotFoundException">The item was never handed to the caller.</exception>
    public async Task<QueueItem> ReopenAsync(Caller caller, int projectId, long itemId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        var schema = await schemas.LoadAsync(projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assignment = await db.Assignments.AsNoTracking().SingleOrDefaultAsync(a => a.ProjectId == projectId && a.ItemId == itemId && a.AnnotatorId == caller.UserId, cancellationToken)
            ?? throw new NotFoundException($"Item {itemId} was not handed to you in this project.");
        return await DescribeAsync(db, assignment, schema, cancellationToken);
    }

    /// <summary>Every version of the caller's answer for the item, oldest first.</summary>
    public async Task<IReadOnlyList<AnnotationVersion>> VersionsAsync(Caller caller, int projectId, long itemId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Annotations.AsNoTracking().Where(a => a.ProjectId == projectId && a.ItemId == itemId && a.AnnotatorId == caller.UserId)
            .OrderBy(a => a.Version).ToListAsync(cancellationToken);
        return [.. rows.Select(a => new AnnotationVersion(a.Id, a.Version, LabelingJson.Deserialize<Answer>(a.AnswerJson), a.AnnotatorId, a.CreatedAt, a.SchemaVersion, a.Late, a.DurationMs))];
    }

    /// <summary>The caller's own counts and the project's remaining work, for the workbench's header.</summary>
    /// <param name="dayStartUtc">When the caller's day began (their local midnight, in UTC).</param>
    public async Task<QueueProgress> ProgressAsync(Caller caller, int projectId, DateTime dayStartUtc, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Annotator, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var k = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Overlap).SingleAsync(cancellationToken);
        var mine = db.Assignments.Where(a => a.ProjectId == projectId && a.AnnotatorId == caller.UserId && a.Status == AssignmentStatus.Submitted);
        var today = await mine.CountAsync(a => a.SubmittedAt >= dayStartUtc, cancellationToken);
        var total = await mine.CountAsync(cancellationToken);
        var items = QueueScope.Items(db, projectId);
        var schema = await schemas.LoadAsync(projectId, cancellationToken);
        var accepting = WeakLabelQueue.AcceptingRuns(schema.Schema, await WeakLabelQueue.CurrentRunsAsync(db, projectId, cancellationToken));
        var remaining = await WeakLabelQueue.WithoutAutoAccepted(db, QueueScope.NeedingPeople(db, projectId, k), accepting).CountAsync(cancellationToken);
        var all = await items.CountAsync(cancellationToken);
        return new QueueProgress(today, total, remaining, all, k);
    }

    private static IReadOnlyDictionary<string, string?> Metadata(string? json)
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
