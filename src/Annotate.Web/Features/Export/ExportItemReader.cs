using System.Globalization;
using Annotate.Core.Export;
using Annotate.Core.Labeling;
using Annotate.Core.Review;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.Review;
using Annotate.Web.Features.WeakSupervision;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Export;

/// <summary>The items an export splits (with a label) and the ones it writes apart (without one, only when asked for).</summary>
/// <param name="UnlabeledCount">Items without a label, whether asked for or not.</param>
public sealed record ExportItems(IReadOnlyList<SplitRecord> Labeled, IReadOnlyList<SplitRecord> Unlabeled, int UnlabeledCount);

/// <summary>
/// Reads a project's items for an export, each with its label for one question taken from the first source in the
/// request's order that has one. With the default order this is the item's final label (<see cref="FinalLabelService"/>:
/// gold > review > consensus > single annotator > accepted weak label); unlike that listing, a Manager may leave
/// sources out, reorder them and take weak labels above a threshold of their own. Items are read in id order a page at
/// a time, with one range query per source per page, so the result does not depend on the store or on timing.
/// </summary>
/// <remarks>
/// As in final labels: exact duplicates and items a cleaning rule filtered out are left out; an item whose annotators
/// disagree and that no reviewer has decided is unresolved (no later source in the order is asked); a weak label
/// only labels an item nobody answered.
/// </remarks>
public sealed class ExportItemReader(IDbContextFactory<AnnotateDbContext> dbFactory)
{
    private const int Page = 2000;

    /// <summary>The items the request's filters select (before labels are looked at), for progress.</summary>
    public async Task<long> CountAsync(int projectId, ExportRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForJobAsync(cancellationToken);
        return await Filtered(db, projectId, request).LongCountAsync(cancellationToken);
    }

    /// <param name="progress">Called after each page with the items read so far.</param>
    public async Task<ExportItems> ReadAsync(int projectId, LabelSchema schema, ExportQuestion question, ExportRequest request,
        Func<long, ValueTask>? progress, CancellationToken cancellationToken)
    {
        var order = request.SourceOrder;
        var labelFilter = request.Labels is { Count: > 0 } wanted ? wanted.ToHashSet(StringComparer.Ordinal) : null;
        var weakRun = order.Contains(FinalLabelSource.Weak) && !question.MultiLabel
            ? await WeakRunAsync(projectId, question.Key, request.WeakThreshold, cancellationToken)
            : null;
        var labeled = new List<SplitRecord>();
        var unlabeled = new List<SplitRecord>();
        long after = 0, read = 0;
        var unlabeledCount = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateForJobAsync(cancellationToken);
            var items = await Filtered(db, projectId, request).Where(i => i.Id > after).OrderBy(i => i.Id).Take(Page)
                .Select(i => new ItemRow(i.Id, i.ExternalId, i.Text, i.MetadataJson, i.SourceName, i.SourceRow, i.GroupKey, i.Timestamp,
                    i.NearDuplicateExcluded ? null : i.NearDuplicateGroupId))
                .ToListAsync(cancellationToken);
            if (items.Count == 0)
            {
                break;
            }
            var candidates = await CandidatesAsync(db, projectId, items, order, weakRun, cancellationToken);
            foreach (var item in items)
            {
                var (labels, source) = Choose(item.Id, order, candidates, schema, question);
                if (labels is not null && labelFilter is not null)
                {
                    // Other labels of a multi-label item go; an item left with none of the wanted labels is not exported.
                    labels = [.. labels.Where(labelFilter.Contains)];
                    if (labels.Count == 0)
                    {
                        continue;
                    }
                }
                if (labels is null)
                {
                    unlabeledCount += labelFilter is null ? 1 : 0;
                    if (request.IncludeUnlabeled && labelFilter is null)
                    {
                        unlabeled.Add(ToRecord(item, [], source));
                    }
                    continue;
                }
                labeled.Add(ToRecord(item, labels, source));
            }
            after = items[^1].Id;
            read += items.Count;
            if (progress is not null)
            {
                await progress(read);
            }
        }
        return new ExportItems(labeled, unlabeled, unlabeledCount);
    }

    private static IQueryable<Item> Filtered(AnnotateDbContext db, int projectId, ExportRequest request)
    {
        var items = db.Items.AsNoTracking().Where(i => i.ProjectId == projectId && i.Status == ItemStatus.Active && i.DuplicateOfId == null);
        if (request.SourceNames is { Count: > 0 } names)
        {
            var list = names.ToList();
            items = items.Where(i => i.SourceName != null && list.Contains(i.SourceName));
        }
        if (request.From is { } from)
        {
            var start = DateTime.SpecifyKind(from, DateTimeKind.Utc);
            items = items.Where(i => (i.Timestamp ?? i.CreatedAt) >= start);
        }
        if (request.To is { } to)
        {
            var end = DateTime.SpecifyKind(to, DateTimeKind.Utc);
            items = items.Where(i => (i.Timestamp ?? i.CreatedAt) < end);
        }
        return items;
    }

    private sealed record ItemRow(long Id, string? ExternalId, string Text, string? MetadataJson, string? SourceName, long? SourceRow,
        string? GroupKey, DateTime? Timestamp, long? NearDuplicateGroupId);

    private sealed record WeakRun(int Id, double Threshold);

    /// <summary>What each source says about the page's items.</summary>
    private sealed record Candidates(
        IReadOnlyDictionary<long, string> Gold,
        IReadOnlyDictionary<long, string> Decisions,
        ILookup<long, string> Answers,
        IReadOnlyDictionary<long, string> Weak);

    /// <summary>The question's latest model run and the confidence its weak labels need; null when none may be used.</summary>
    private async Task<WeakRun?> WeakRunAsync(int projectId, string questionKey, double? threshold, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.WeakLabelRuns.AsNoTracking().Where(r => r.ProjectId == projectId && r.QuestionKey == questionKey)
            .OrderByDescending(r => r.Id).Select(r => new { r.Id, r.AcceptThreshold }).FirstOrDefaultAsync(cancellationToken);
        // Without a threshold of the Manager's, only what the run accepted automatically counts (as in final labels).
        return run is null || (threshold ?? run.AcceptThreshold) is not { } t ? null : new WeakRun(run.Id, t);
    }

    private static async Task<Candidates> CandidatesAsync(AnnotateDbContext db, int projectId, List<ItemRow> items,
        IReadOnlyList<FinalLabelSource> order, WeakRun? weakRun, CancellationToken cancellationToken)
    {
        // The page's id range narrows each query (see ReviewQueries.LatestAnswers); rows of items outside the page are dropped.
        var (low, high) = (items[0].Id, items[^1].Id);
        var page = items.Select(i => i.Id).ToHashSet();
        var gold = new Dictionary<long, string>();
        if (order.Contains(FinalLabelSource.Gold))
        {
            foreach (var g in await db.GoldItems.AsNoTracking().Where(g => g.ItemId >= low && g.ItemId <= high)
                .Select(g => new { g.ItemId, g.AnswerJson }).ToListAsync(cancellationToken))
            {
                if (page.Contains(g.ItemId))
                {
                    gold[g.ItemId] = g.AnswerJson;
                }
            }
        }
        var decisions = new Dictionary<long, string>();
        if (order.Contains(FinalLabelSource.Review))
        {
            foreach (var d in await ReviewQueries.LatestResolutions(db, projectId).AsNoTracking().Where(d => d.ItemId >= low && d.ItemId <= high)
                .Select(d => new { d.ItemId, d.AnswerJson }).ToListAsync(cancellationToken))
            {
                if (d.AnswerJson is not null)
                {
                    decisions[d.ItemId] = d.AnswerJson;
                }
            }
        }
        // Read whenever weak labels count too: they only label items nobody answered.
        var answers = (await ReviewQueries.LatestAnswers(db).AsNoTracking().Where(a => a.ItemId >= low && a.ItemId <= high)
                .OrderBy(a => a.Id).Select(a => new { a.ItemId, a.AnswerJson }).ToListAsync(cancellationToken))
            .Where(a => page.Contains(a.ItemId)).ToLookup(a => a.ItemId, a => a.AnswerJson);
        var weak = new Dictionary<long, string>();
        if (weakRun is not null)
        {
            var runId = weakRun.Id;
            var threshold = weakRun.Threshold;
            foreach (var w in await db.WeakLabels.AsNoTracking()
                .Voted().Where(w => w.RunId == runId && w.ItemId >= low && w.ItemId <= high && w.Confidence >= threshold)
                .Select(w => new { w.ItemId, w.Label }).ToListAsync(cancellationToken))
            {
                weak[w.ItemId] = w.Label!;
            }
        }
        return new Candidates(gold, decisions, answers, weak);
    }

    /// <summary>The labels of the first source in <paramref name="order"/> that has some, and that source's name.</summary>
    private static (IReadOnlyList<string>? Labels, string Source) Choose(long itemId, IReadOnlyList<FinalLabelSource> order, Candidates candidates,
        LabelSchema schema, ExportQuestion question)
    {
        var given = candidates.Answers[itemId].ToList();
        foreach (var source in order)
        {
            switch (source)
            {
                case FinalLabelSource.Gold when candidates.Gold.TryGetValue(itemId, out var json) && LabelsOf(json, question) is { } labels:
                    return (labels, "gold");
                case FinalLabelSource.Review when candidates.Decisions.TryGetValue(itemId, out var json) && LabelsOf(json, question) is { } labels:
                    return (labels, "review");
                case FinalLabelSource.Consensus when given.Count > 1:
                    var consensus = AnswerConsensus.Of(schema, [.. given.Select(LabelingJson.Deserialize<Answer>)]);
                    if (consensus is null)
                    {
                        // Annotators disagree and nobody has decided: the item waits for a reviewer.
                        return (null, "unresolved");
                    }
                    if (LabelsOf(consensus, question) is { } agreed)
                    {
                        return (agreed, "consensus");
                    }
                    break;
                case FinalLabelSource.Single when given.Count == 1 && LabelsOf(given[0], question) is { } labels:
                    return (labels, "single");
                case FinalLabelSource.Weak when given.Count == 0 && candidates.Weak.TryGetValue(itemId, out var label):
                    return ([label], "weak");
            }
        }
        return (null, given.Count > 1 ? "unresolved" : "none");
    }

    private static IReadOnlyList<string>? LabelsOf(string answerJson, ExportQuestion question) =>
        LabelsOf(LabelingJson.Deserialize<Answer>(answerJson), question);

    private static IReadOnlyList<string>? LabelsOf(Answer? answer, ExportQuestion question)
    {
        if (answer?.Questions.GetValueOrDefault(question.Key) is not { } a)
        {
            return null;
        }
        if (question.MultiLabel)
        {
            return a.Labels is { Count: > 0 } labels ? labels : null;
        }
        return string.IsNullOrEmpty(a.Label) ? null : [a.Label];
    }

    private static SplitRecord ToRecord(ItemRow item, IReadOnlyList<string> labels, string source)
    {
        var metadata = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["external_id"] = item.ExternalId,
            ["source_name"] = item.SourceName,
            ["source_row"] = item.SourceRow?.ToString(CultureInfo.InvariantCulture),
            ["label_source"] = source,
        };
        // The item's own fields win over the ones Annotate adds when names clash: they are the user's data.
        foreach (var (key, value) in ItemMetadata.Parse(item.MetadataJson))
        {
            metadata[key] = value;
        }
        return new SplitRecord(item.Id.ToString(CultureInfo.InvariantCulture), item.Text, labels)
        {
            GroupKey = item.GroupKey,
            Timestamp = item.Timestamp is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null,
            NearDuplicateGroup = item.NearDuplicateGroupId?.ToString(CultureInfo.InvariantCulture),
            Metadata = metadata,
        };
    }
}
