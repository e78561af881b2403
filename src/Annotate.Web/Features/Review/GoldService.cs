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
/// Gold items: items a Manager gave a known answer. The queue mixes them into annotators' work at the project's gold
/// rate (<see cref="GoldMixing"/>) and each annotator is scored on the ones they answered.
/// </summary>
public sealed class GoldService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    SchemaService schemas,
    ProjectEventBus events,
    TimeProvider time)
{
    /// <summary>Marks an item gold with its known answer, or changes the answer of a gold item.</summary>
    /// <exception cref="ForbiddenException">The caller is not a Manager of the project.</exception>
    /// <exception cref="NotFoundException">No such item in the project.</exception>
    /// <exception cref="InputException">The answer is empty or breaks the schema (the question is named).</exception>
    public async Task<GoldItemDto> SetAsync(Caller caller, int projectId, long itemId, SetGoldRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        if (request?.Answer is not { Questions.Count: > 0 } answer)
        {
            throw new InputException(nameof(SetGoldRequest.Answer), "A gold item needs its known answer to at least one question.");
        }
        var schema = await schemas.LoadAsync(projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var text = await db.Items.Where(i => i.Id == itemId && i.ProjectId == projectId).Select(i => i.Text).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Item {itemId} is not in this project.");
        // Only the questions the gold answer gives are scored, so a question it leaves out is not "required" here.
        var problems = answer.Problems(schema.Schema, text).Where(p => !p.EndsWith("an answer is required.", StringComparison.Ordinal)).ToList();
        if (problems.Count > 0)
        {
            throw new InputException(nameof(SetGoldRequest.Answer), string.Join(" ", problems));
        }
        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.GoldItems.SingleOrDefaultAsync(g => g.ItemId == itemId, cancellationToken);
        if (row is null)
        {
            row = new GoldItem { ProjectId = projectId, ItemId = itemId, AnswerJson = "", SetById = caller.UserId };
            db.GoldItems.Add(row);
        }
        row.AnswerJson = LabelingJson.Serialize(answer);
        row.SchemaVersion = schema.Version;
        row.SetById = caller.UserId;
        row.SetAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException($"Item {itemId} was marked gold by someone else at the same moment; reload and try again.");
        }
        events.Publish(new ReviewUpdated(projectId, itemId, ReviewChange.Gold));
        var name = await db.Users.Where(u => u.Id == caller.UserId).Select(u => new { u.DisplayName, u.Email, u.UserName, u.Id }).SingleAsync(cancellationToken);
        return new GoldItemDto(itemId, ReviewQueries.Preview(text), answer, ReviewQueries.NameOf(name.DisplayName, name.Email, name.UserName, name.Id), now);
    }

    /// <summary>Takes an item out of the gold set; answers already given to it stay, and it joins the queue's order again.</summary>
    /// <returns>False when the item was not gold.</returns>
    public async Task<bool> RemoveAsync(Caller caller, int projectId, long itemId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var removed = await db.GoldItems.Where(g => g.ProjectId == projectId && g.ItemId == itemId).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            events.Publish(new ReviewUpdated(projectId, itemId, ReviewChange.Gold));
        }
        return removed > 0;
    }

    /// <summary>The project's gold items, newest first (Managers only: the answers must not reach annotators).</summary>
    public async Task<PagedResult<GoldItemDto>> ListAsync(Caller caller, int projectId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var gold = db.GoldItems.AsNoTracking().Where(g => g.ProjectId == projectId);
        var total = await gold.CountAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, 200);
        var rows = await gold.OrderByDescending(g => g.SetAt).ThenByDescending(g => g.Id).Skip(Math.Max(0, page) * size).Take(size)
            .Select(g => new
            {
                g.ItemId,
                Text = db.Items.Where(i => i.Id == g.ItemId).Select(i => i.Text.Length > 200 ? i.Text.Substring(0, 200) : i.Text).First(),
                g.AnswerJson,
                g.SetAt,
                By = db.Users.Where(u => u.Id == g.SetById).Select(u => new { u.DisplayName, u.Email, u.UserName, u.Id }).First(),
            })
            .ToListAsync(cancellationToken);
        return new PagedResult<GoldItemDto>([.. rows.Select(r => new GoldItemDto(r.ItemId, r.Text, LabelingJson.Deserialize<Answer>(r.AnswerJson),
            ReviewQueries.NameOf(r.By.DisplayName, r.By.Email, r.By.UserName, r.By.Id), r.SetAt))], total);
    }

    /// <summary>The gold answer of one item, or null when it is not gold (Managers only).</summary>
    public async Task<Answer?> GetAsync(Caller caller, int projectId, long itemId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.GoldItems.Where(g => g.ProjectId == projectId && g.ItemId == itemId).Select(g => g.AnswerJson).SingleOrDefaultAsync(cancellationToken);
        return json is null ? null : LabelingJson.Deserialize<Answer>(json);
    }

    /// <summary>
    /// Every gold answer of the project, by item id. Without an access check: for the agreement figures, whose caller
    /// <see cref="Agreement.AgreementService"/> has checked (Managers and Reviewers; never annotators).
    /// </summary>
    internal async Task<IReadOnlyDictionary<long, Answer>> AnswersAsync(int projectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.GoldItems.AsNoTracking().Where(g => g.ProjectId == projectId).Select(g => new { g.ItemId, g.AnswerJson }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ItemId, r => LabelingJson.Deserialize<Answer>(r.AnswerJson));
    }

    /// <summary>
    /// Each annotator's accuracy on the gold items they answered (their latest version of each), best first; annotators
    /// of the project who met no gold item are listed with none. For the agreement panel (Managers and Reviewers).
    /// </summary>
    public async Task<IReadOnlyList<GoldAccuracy>> AccuracyAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager | ProjectRoles.Reviewer, cancellationToken);
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var gold = await db.GoldItems.AsNoTracking().Where(g => g.ProjectId == projectId).ToDictionaryAsync(g => g.ItemId, g => LabelingJson.Deserialize<Answer>(g.AnswerJson), cancellationToken);
        var answers = await (
            from g in db.GoldItems
            where g.ProjectId == projectId
            join a in ReviewQueries.LatestAnswers(db) on g.ItemId equals a.ItemId
            select new { a.AnnotatorId, a.ItemId, a.AnswerJson }).AsNoTracking().ToListAsync(cancellationToken);
        var scores = answers.GroupBy(a => a.AnnotatorId).ToDictionary(g => g.Key,
            g => g.Select(a => AnswerDistance.Score(schema, LabelingJson.Deserialize<Answer>(a.AnswerJson), gold[a.ItemId])).ToList());
        var memberIds = await db.ProjectMembers.Where(m => m.ProjectId == projectId && (m.Roles & ProjectRoles.Annotator) != 0).Select(m => m.UserId).ToListAsync(cancellationToken);
        var ids = memberIds.Union(scores.Keys).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .ToDictionaryAsync(u => u.Id, u => ReviewQueries.NameOf(u.DisplayName, u.Email, u.UserName, u.Id), cancellationToken);
        return [.. ids.Select(id =>
            {
                var mine = scores.GetValueOrDefault(id) ?? [];
                var correct = mine.Count(s => s.Correct);
                return new GoldAccuracy(id, names.GetValueOrDefault(id, id), mine.Count, correct,
                    mine.Count == 0 ? null : (double)correct / mine.Count, mine.Count == 0 ? null : mine.Average(s => s.Score));
            })
            .OrderByDescending(a => a.Accuracy ?? -1).ThenByDescending(a => a.Items).ThenBy(a => a.AnnotatorName, StringComparer.OrdinalIgnoreCase)];
    }
}
