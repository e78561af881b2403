using Annotate.Core.Labeling;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.WeakSupervision;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Queue;

/// <summary>
/// What the label model's output means for the queue: the suggestion shown to annotators, the items accepted by the
/// auto-accept threshold (which no longer wait for people), and the orders "uncertainty first" and "suggested minority
/// class first". A question's current run is its latest <see cref="WeakLabelRun"/> (highest id).
/// </summary>
public static class WeakLabelQueue
{
    /// <summary>The current run of each question that has one, by question key.</summary>
    public static async Task<IReadOnlyDictionary<string, CurrentRun>> CurrentRunsAsync(AnnotateDbContext db, int projectId, CancellationToken cancellationToken)
    {
        var latest = await db.WeakLabelRuns.AsNoTracking().Where(r => r.ProjectId == projectId)
            .GroupBy(r => r.QuestionKey).Select(g => g.Max(r => r.Id)).ToListAsync(cancellationToken);
        return await db.WeakLabelRuns.AsNoTracking().Where(r => latest.Contains(r.Id))
            .Select(r => new CurrentRun(r.Id, r.QuestionKey, r.AcceptThreshold))
            .ToDictionaryAsync(r => r.QuestionKey, cancellationToken);
    }

    /// <summary>A question's current label-model run and the auto-accept threshold it was fitted under.</summary>
    public sealed record CurrentRun(int Id, string QuestionKey, double? AcceptThreshold);

    /// <summary>
    /// The runs whose accepted weak labels answer an item without people: only when every required question of the
    /// schema has a current run with an auto-accept threshold (an item with an unanswered required question still
    /// needs a person). Empty when auto-accept is off or cannot cover the schema.
    /// </summary>
    public static IReadOnlyList<int> AcceptingRuns(LabelSchema schema, IReadOnlyDictionary<string, CurrentRun> runs)
    {
        var required = schema.Questions.Where(q => q.Required).ToList();
        if (required.Count == 0)
        {
            return [];
        }
        var accepting = new List<int>(required.Count);
        foreach (var question in required)
        {
            if (question.Kind != QuestionKind.Single || !runs.TryGetValue(question.Key, out var run) || run.AcceptThreshold is null)
            {
                return [];
            }
            accepting.Add(run.Id);
        }
        return accepting;
    }

    /// <summary>
    /// Weak labels that can be accepted at all: a label some function voted for. An item nobody voted on may still get
    /// the prior's most likely class, which is no evidence. Final labels, routing to review and export start from this.
    /// </summary>
    public static IQueryable<WeakLabel> Voted(this IQueryable<WeakLabel> labels) =>
        labels.Where(w => w.Label != null && w.AnyVote);

    /// <summary>The same rule in memory: a voted label whose confidence reaches the run's accept threshold (none: never).</summary>
    public static bool IsAccepted(bool anyVote, double confidence, double? acceptThreshold) =>
        anyVote && acceptThreshold is { } threshold && confidence >= threshold;

    /// <summary>Weak labels that count as accepted: <see cref="Voted"/>, and a confidence at least the threshold recorded on their run.</summary>
    public static IQueryable<WeakLabel> Accepted(AnnotateDbContext db, IReadOnlyList<int> runIds) =>
        db.WeakLabels.Voted().Where(w => runIds.Contains(w.RunId)
            && db.WeakLabelRuns.Any(r => r.Id == w.RunId && r.AcceptThreshold != null && w.Confidence >= r.AcceptThreshold));

    /// <summary>
    /// Leaves out the items whose every required question is answered by an accepted weak label (auto-accept): they
    /// are labeled (provenance weak) and need no person.
    /// </summary>
    public static IQueryable<Item> WithoutAutoAccepted(AnnotateDbContext db, IQueryable<Item> items, IReadOnlyList<int> acceptingRuns)
    {
        if (acceptingRuns.Count == 0)
        {
            return items;
        }
        var accepted = Accepted(db, acceptingRuns);
        var needed = acceptingRuns.Count;
        return items.Where(i => accepted.Count(w => w.ItemId == i.Id) < needed);
    }

    /// <summary>The run the weak-label orders use: the first question of the schema (single choice) that has a current run.</summary>
    public static CurrentRun? OrderingRun(LabelSchema schema, IReadOnlyDictionary<string, CurrentRun> runs) =>
        schema.Questions.Where(q => q.Kind == QuestionKind.Single).Select(q => runs.GetValueOrDefault(q.Key)).FirstOrDefault(r => r is not null);

    /// <summary>
    /// Highest entropy of the label model's output first (the items it is least sure about), then items it gave no
    /// output for, then import order.
    /// </summary>
    public static IQueryable<long> ByUncertainty(AnnotateDbContext db, IQueryable<Item> eligible, int runId) =>
        eligible
            .Select(i => new { i.Id, Entropy = db.WeakLabels.Where(w => w.RunId == runId && w.ItemId == i.Id).Select(w => (double?)w.Entropy).FirstOrDefault() })
            .OrderBy(x => x.Entropy == null).ThenByDescending(x => x.Entropy).ThenBy(x => x.Id)
            .Select(x => x.Id);

    /// <summary>
    /// The classes of the run from the rarest suggestion to the most common (counted over the run's weak labels), so
    /// that items suggested as rare classes reach people first and the labeled data grows more balanced.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ClassesRarestFirstAsync(AnnotateDbContext db, int runId, CancellationToken cancellationToken)
    {
        var counts = await db.WeakLabels.AsNoTracking().Where(w => w.RunId == runId && w.Label != null)
            .GroupBy(w => w.Label!).Select(g => new { Label = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return [.. counts.OrderBy(c => c.Count).ThenBy(c => c.Label, StringComparer.Ordinal).Select(c => c.Label)];
    }

    /// <summary>The eligible items suggested as <paramref name="label"/>, most confident first, then import order.</summary>
    public static IQueryable<long> SuggestedAs(AnnotateDbContext db, IQueryable<Item> eligible, int runId, string label) =>
        eligible.Join(db.WeakLabels.Where(w => w.RunId == runId && w.Label == label), i => i.Id, w => w.ItemId, (i, w) => new { i.Id, w.Confidence })
            .OrderByDescending(x => x.Confidence).ThenBy(x => x.Id).Select(x => x.Id);

    /// <summary>The current runs' suggestions for one item (single-choice questions with a predicted label).</summary>
    public static async Task<IReadOnlyList<WeakSuggestion>> SuggestionsAsync(AnnotateDbContext db, int projectId, long itemId, LabelSchema schema,
        CancellationToken cancellationToken)
    {
        var settings = WeakSupervisionSettings.Parse(await db.Projects.Where(p => p.Id == projectId).Select(p => p.WeakSupervisionJson).SingleAsync(cancellationToken));
        if (!settings.ShowSuggestions)
        {
            return [];
        }
        var runs = await CurrentRunsAsync(db, projectId, cancellationToken);
        if (runs.Count == 0)
        {
            return [];
        }
        var runIds = runs.Values.Select(r => r.Id).ToList();
        var labels = await db.WeakLabels.AsNoTracking().Where(w => w.ItemId == itemId && runIds.Contains(w.RunId) && w.Label != null)
            .Select(w => new { w.RunId, w.Label, w.Confidence, w.AnyVote }).ToListAsync(cancellationToken);
        var suggestions = new List<WeakSuggestion>();
        foreach (var question in schema.Questions.Where(q => q.Kind == QuestionKind.Single))
        {
            if (runs.GetValueOrDefault(question.Key) is { } run && labels.FirstOrDefault(l => l.RunId == run.Id) is { } weak
                && question.ActiveLabels.Any(l => l.Key == weak.Label))
            {
                var accepted = IsAccepted(weak.AnyVote, weak.Confidence, run.AcceptThreshold);
                suggestions.Add(new WeakSuggestion(question.Key, weak.Label!, weak.Confidence, run.Id, accepted));
            }
        }
        return suggestions;
    }
}
