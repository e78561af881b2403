using System.Runtime.CompilerServices;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Core.Review;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Review;

/// <summary>
/// Derives each item's final label from what is stored, with provenance (<see cref="FinalLabel"/>): gold answer > latest
/// review decision > consensus of the annotators > a single annotator > an automatically accepted weak label. Nothing is
/// stored; the label is derived afresh, so it follows every new decision and answer. Built for exports: items are read
/// in id order, a page at a time, with a handful of range queries per page whatever the page's size.
/// </summary>
public sealed class FinalLabelService(IDbContextFactory<AnnotateDbContext> dbFactory, ProjectAccessService access, SchemaService schemas)
{
    /// <summary>The largest page <see cref="PageAsync"/> returns.</summary>
    public const int MaxPage = 5000;

    private const int StreamPage = 2000;

    /// <summary>
    /// Up to <paramref name="take"/> items after <paramref name="afterItemId"/> (0 = from the start), in id order, and their
    /// final labels; without <see cref="FinalLabelOptions.IncludeUnlabeled"/> a page may hold fewer labels than items read.
    /// </summary>
    /// <exception cref="ForbiddenException">The caller is neither Manager nor Reviewer of the project.</exception>
    public async Task<FinalLabelPage> PageAsync(Caller caller, int projectId, long afterItemId, int take, FinalLabelOptions? options, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager | ProjectRoles.Reviewer, cancellationToken);
        return await PageForJobAsync(projectId, afterItemId, take, options, cancellationToken);
    }

    /// <summary>Every final label of the project in item id order, read a page at a time.</summary>
    /// <exception cref="ForbiddenException">The caller is neither Manager nor Reviewer of the project.</exception>
    public async IAsyncEnumerable<FinalLabel> StreamAsync(Caller caller, int projectId, FinalLabelOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager | ProjectRoles.Reviewer, cancellationToken);
        await foreach (var label in StreamForJobAsync(projectId, options, cancellationToken))
        {
            yield return label;
        }
    }

    /// <summary>One item's final label, whatever its state.</summary>
    /// <exception cref="NotFoundException">No such item in the project.</exception>
    public async Task<FinalLabel> GetAsync(Caller caller, int projectId, long itemId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager | ProjectRoles.Reviewer, cancellationToken);
        var page = await PageForJobAsync(projectId, itemId - 1, 1, new FinalLabelOptions(true, true, true), cancellationToken);
        return page.Labels is [{ } label] && label.ItemId == itemId ? label : throw new NotFoundException($"Item {itemId} is not in this project.");
    }

    /// <summary>
    /// <see cref="StreamAsync"/> without an access check, for background jobs (the export) whose caller was checked when
    /// the job was queued.
    /// </summary>
    public async IAsyncEnumerable<FinalLabel> StreamForJobAsync(int projectId, FinalLabelOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var context = await ContextAsync(projectId, cancellationToken);
        long? after = 0;
        while (after is { } from)
        {
            var page = await ReadPageAsync(context, from, StreamPage, options ?? new(), cancellationToken);
            foreach (var label in page.Labels)
            {
                yield return label;
            }
            after = page.NextAfterItemId;
        }
    }

    /// <summary><see cref="PageAsync"/> without an access check, for background jobs whose caller was checked when the job was queued.</summary>
    public async Task<FinalLabelPage> PageForJobAsync(int projectId, long afterItemId, int take, FinalLabelOptions? options, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(projectId, cancellationToken);
        return await ReadPageAsync(context, Math.Max(0, afterItemId), Math.Clamp(take, 1, MaxPage), options ?? new(), cancellationToken);
    }

    /// <summary>
    /// The answer of every item whose final label is a reviewer's (<see cref="FinalLabelSource.Review"/>: the latest
    /// decision that resolved the item, unless the item is gold), by item id. Without an access check: for the agreement
    /// figures, whose caller <see cref="Agreement.AgreementService"/> has checked.
    /// </summary>
    internal async Task<IReadOnlyDictionary<long, Answer>> ReviewedAnswersAsync(int projectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await ReviewQueries.LatestResolutions(db, projectId).AsNoTracking()
            .Where(d => d.AnswerJson != null && !db.GoldItems.Any(g => g.ItemId == d.ItemId))
            .Select(d => new { d.ItemId, d.AnswerJson }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ItemId, r => LabelingJson.Deserialize<Answer>(r.AnswerJson!));
    }

    /// <summary>What every page of one listing shares: the schema, k, and the latest model run of each question.</summary>
    private sealed record ListingContext(int ProjectId, LabelSchema Schema, int Overlap, IReadOnlyList<WeakRun> Runs);

    private sealed record WeakRun(int Id, string QuestionKey, double Threshold);

    private async Task<ListingContext> ContextAsync(int projectId, CancellationToken cancellationToken)
    {
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var overlap = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Overlap).SingleAsync(cancellationToken);
        // The latest run of a question decides; one fitted without an auto-accept threshold accepts nothing.
        var runs = await db.WeakLabelRuns.AsNoTracking()
            .Where(r => r.ProjectId == projectId && !db.WeakLabelRuns.Any(s => s.ProjectId == projectId && s.QuestionKey == r.QuestionKey && s.Id > r.Id))
            .Select(r => new { r.Id, r.QuestionKey, r.AcceptThreshold }).ToListAsync(cancellationToken);
        var single = schema.Questions.Where(q => q.Kind == QuestionKind.Single).Select(q => q.Key).ToHashSet();
        return new ListingContext(projectId, schema, overlap,
            [.. runs.Where(r => r.AcceptThreshold is not null && single.Contains(r.QuestionKey)).Select(r => new WeakRun(r.Id, r.QuestionKey, r.AcceptThreshold!.Value))]);
    }

    private async Task<FinalLabelPage> ReadPageAsync(ListingContext context, long after, int take, FinalLabelOptions options, CancellationToken cancellationToken)
    {
        var projectId = context.ProjectId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = db.Items.AsNoTracking().Where(i => i.ProjectId == projectId && i.Id > after);
        if (!options.IncludeFiltered)
        {
            items = items.Where(i => i.Status == ItemStatus.Active);
        }
        if (!options.IncludeDuplicates)
        {
            items = items.Where(i => i.DuplicateOfId == null);
        }
        var ids = await items.OrderBy(i => i.Id).Take(take).Select(i => i.Id).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return new FinalLabelPage([], null);
        }
        var (low, high) = (ids[0], ids[^1]);

        // The page's id range, not the project, narrows these (see ReviewQueries.LatestAnswers); another project's rows
        // inside the range are dropped here. (A list of ids would do too, but EF sends it as one parameter per id.)
        var page = ids.ToHashSet();
        var answers = (await ReviewQueries.LatestAnswers(db).AsNoTracking().Where(a => a.ItemId >= low && a.ItemId <= high)
                .OrderBy(a => a.Id).Select(a => new { a.ItemId, a.Id, a.AnswerJson }).ToListAsync(cancellationToken))
            .Where(a => page.Contains(a.ItemId)).ToLookup(a => a.ItemId);
        var decisions = await ReviewQueries.LatestResolutions(db, projectId).AsNoTracking().Where(d => d.ItemId >= low && d.ItemId <= high)
            .Select(d => new { d.Id, d.ItemId, d.ReviewerId, d.CreatedAt, d.AnswerJson, d.AcceptedAnnotationId })
            .ToDictionaryAsync(d => d.ItemId, cancellationToken);
        var inReview = (await db.ReviewTasks.Where(t => t.ItemId >= low && t.ItemId <= high && t.Status == ReviewTaskStatus.Open)
            .Select(t => t.ItemId).ToListAsync(cancellationToken)).Where(page.Contains).ToHashSet();
        var gold = (await db.GoldItems.AsNoTracking().Where(g => g.ItemId >= low && g.ItemId <= high)
            .Select(g => new { g.ItemId, g.AnswerJson }).ToListAsync(cancellationToken)).Where(g => page.Contains(g.ItemId)).ToDictionary(g => g.ItemId, g => g.AnswerJson);
        var runIds = context.Runs.Select(r => r.Id).ToList();
        var thresholds = context.Runs.ToDictionary(r => r.Id);
        var weak = runIds.Count == 0 ? Enumerable.Empty<(long ItemId, WeakRun Run, string Label, double Confidence)>().ToLookup(w => w.ItemId)
            // As in the queue (WeakLabelQueue.Accepted): a label no function voted for is the prior's guess, never accepted.
            : (await db.WeakLabels.AsNoTracking().Voted().Where(w => runIds.Contains(w.RunId) && w.ItemId >= low && w.ItemId <= high)
                .Select(w => new { w.ItemId, w.RunId, w.Label, w.Confidence }).ToListAsync(cancellationToken))
                .Where(w => w.Confidence >= thresholds[w.RunId].Threshold)
                .Select(w => (w.ItemId, Run: thresholds[w.RunId], Label: w.Label!, w.Confidence))
                .ToLookup(w => w.ItemId);

        var labels = new List<FinalLabel>(ids.Count);
        foreach (var itemId in ids)
        {
            var given = answers[itemId].ToList();
            var open = inReview.Contains(itemId);
            FinalLabel label;
            if (gold.TryGetValue(itemId, out var goldJson))
            {
                label = new FinalLabel(itemId, LabelingJson.Deserialize<Answer>(goldJson), FinalLabelSource.Gold, given.Count, context.Overlap, open);
            }
            else if (decisions.TryGetValue(itemId, out var decision))
            {
                label = new FinalLabel(itemId, LabelingJson.Deserialize<Answer>(decision.AnswerJson!), FinalLabelSource.Review, given.Count, context.Overlap, open,
                    decision.Id, decision.ReviewerId, decision.CreatedAt, decision.AcceptedAnnotationId);
            }
            else if (given.Count == 1)
            {
                label = new FinalLabel(itemId, LabelingJson.Deserialize<Answer>(given[0].AnswerJson), FinalLabelSource.Single, 1, context.Overlap, open, AnnotationId: given[0].Id);
            }
            else if (given.Count > 1)
            {
                var consensus = AnswerConsensus.Of(context.Schema, [.. given.Select(a => LabelingJson.Deserialize<Answer>(a.AnswerJson))]);
                label = new FinalLabel(itemId, consensus, consensus is null ? FinalLabelSource.Unresolved : FinalLabelSource.Consensus, given.Count, context.Overlap, open);
            }
            else if (weak[itemId].ToList() is { Count: > 0 } accepted)
            {
                var answer = new Answer(accepted.ToDictionary(w => w.Run.QuestionKey, w => new QuestionAnswer(Label: w.Label)));
                label = new FinalLabel(itemId, answer, FinalLabelSource.Weak, 0, context.Overlap, open,
                    WeakRunIds: [.. accepted.Select(w => w.Run.Id)], WeakConfidence: accepted.Min(w => w.Confidence));
            }
            else
            {
                label = new FinalLabel(itemId, null, FinalLabelSource.None, 0, context.Overlap, open);
            }
            if (options.IncludeUnlabeled || label.Answer is not null)
            {
                labels.Add(label);
            }
        }
        return new FinalLabelPage(labels, ids.Count == take ? high : null);
    }
}
