using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Core.WeakSupervision;
using Annotate.Data;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.WeakSupervision;

/// <summary>
/// The label-model side of weak supervision: the project's settings (model, seed, tie rule, suggestion and auto-accept
/// thresholds), fitting as a background job, and the LF analysis table with each function's hits and misses.
/// </summary>
public sealed class WeakSupervisionService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    SchemaService schemas,
    JobService jobs)
{
    /// <summary>Characters of an item's text shown in a function's hits and misses.</summary>
    public const int HitTextLength = 500;

    /// <summary>Hits and misses listed per function (the counts cover all of them).</summary>
    public const int MaxListed = 50;

    /// <summary>The project's settings; any member may read them (the queue shows suggestions by them).</summary>
    public async Task<WeakSupervisionSettings> GetSettingsAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return WeakSupervisionSettings.Parse(await db.Projects.Where(p => p.Id == projectId).Select(p => p.WeakSupervisionJson).SingleAsync(cancellationToken));
    }

    /// <summary>Saves the settings (Managers). They take effect at the next fit; the current weak labels stay as fitted.</summary>
    /// <exception cref="InputException">A value is out of range; the message names the field.</exception>
    public async Task<WeakSupervisionSettings> SaveSettingsAsync(Caller caller, int projectId, WeakSupervisionSettings settings, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        Validate(settings);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(u => u.SetProperty(p => p.WeakSupervisionJson, settings.ToJson()), cancellationToken);
        return settings;
    }

    /// <exception cref="InputException">The first field that breaks a rule, named.</exception>
    internal static void Validate(WeakSupervisionSettings? settings)
    {
        if (settings is null)
        {
            throw new InputException("Settings", "Settings: missing.");
        }
        if (!Enum.IsDefined(settings.Model))
        {
            throw new InputException(nameof(settings.Model), $"Model: {(int)settings.Model} is not a label model (MajorityVote, DawidSkene or MatrixCompletion).");
        }
        if (!Enum.IsDefined(settings.TieBreak))
        {
            throw new InputException(nameof(settings.TieBreak), $"TieBreak: {(int)settings.TieBreak} is not a tie rule (ClassPrior or Abstain).");
        }
        CheckShare(nameof(settings.AutoAcceptThreshold), settings.AutoAcceptThreshold);
        CheckShare(nameof(settings.ReviewBelow), settings.ReviewBelow);
    }

    private static void CheckShare(string field, double? value)
    {
        if (value is { } v && !(v is >= 0 and <= 1))
        {
            throw new InputException(field, $"{field}: must be between 0 and 1 (a confidence); got {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>Queues a fit of the label model on the votes stored now (Managers).</summary>
    public Task<JobDto> FitAsync(Caller caller, int projectId, CancellationToken cancellationToken) =>
        jobs.EnqueueAsync(caller, projectId, FitLabelModelJob.JobKind, null, ProjectRoles.Manager, cancellationToken);

    /// <summary>
    /// The LF analysis of every question with enabled functions (Managers): per function its polarity, coverage, overlaps,
    /// conflicts, accuracy against people's answers and the accuracy its question's current run learned; per question
    /// the coverage of the function set and the items with conflicts.
    /// </summary>
    public async Task<LfAnalysisDto> AnalyzeAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var questions = await StoredVotes.LoadAsync(db, projectId, schema, null, cancellationToken);
        var people = questions.Count == 0 ? [] : await PeopleLabels.LoadAsync(db, projectId, cancellationToken);
        var result = new List<QuestionAnalysisDto>();
        foreach (var q in questions)
        {
            var answered = people.GetValueOrDefault(q.Question.Key) ?? [];
            var classOf = q.Classes.Select((c, i) => (c.Key, i)).ToDictionary(c => c.Key, c => c.i, StringComparer.Ordinal);
            var gold = new int[q.ItemIds.Length];
            var withAnswer = 0;
            for (var i = 0; i < gold.Length; i++)
            {
                gold[i] = answered.TryGetValue(q.ItemIds[i], out var label) && classOf.TryGetValue(label, out var c) ? c : -1;
                withAnswer += gold[i] >= 0 ? 1 : 0;
            }
            var report = LfAnalysis.Analyze(q.Matrix, gold);
            var key = q.Question.Key;
            var run = await db.WeakLabelRuns.AsNoTracking().Where(r => r.ProjectId == projectId && r.QuestionKey == key)
                .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            var learned = new Dictionary<int, double>();
            if (run is not null)
            {
                var parameters = WeakLabelRunParameters.Parse(run.ParametersJson);
                for (var j = 0; j < parameters.FunctionVersions.Count && j < parameters.LfAccuracies.Count; j++)
                {
                    learned[parameters.FunctionVersions[j]] = parameters.LfAccuracies[j];
                }
            }
            var rows = report.Lfs.Select(s =>
            {
                var f = q.Functions[s.Lf];
                return new LfAnalysisRowDto(f.FunctionId, f.Name, f.Version, key, q.Question.Title,
                    [.. s.Polarity.Select(l => q.Classes[l].Name)], (int)Math.Round(s.Coverage * report.Items), s.Coverage, s.Overlaps, s.Conflicts,
                    s.Correct ?? 0, s.Incorrect ?? 0, s.EmpiricalAccuracy, learned.TryGetValue(f.VersionId, out var a) ? a : null);
            }).ToList();
            result.Add(new QuestionAnalysisDto(key, q.Question.Title, report.Items, report.CoveredItems, report.OverlappingItems, report.ConflictingItems,
                withAnswer, run?.Id, run?.Model, run?.CreatedAt, rows, q.LeftOut));
        }
        return new LfAnalysisDto(result);
    }

    /// <summary>
    /// The items a function's current version voted on that people have answered (Managers): hits where the vote equals
    /// the people's label, misses where it does not; the first <see cref="MaxListed"/> of each by item id, and the counts.
    /// </summary>
    /// <exception cref="NotFoundException">No such function in the project.</exception>
    public async Task<LfHitsDto> HitsAsync(Caller caller, int projectId, int functionId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var function = await db.LabelingFunctions.AsNoTracking().Where(f => f.ProjectId == projectId && f.Id == functionId)
            .Select(f => new { f.Name, f.QuestionKey, VersionId = f.Versions.Single(v => v.Version == f.CurrentVersion).Id })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Labeling function {functionId} is not in this project.");
        var names = schema.Find(function.QuestionKey)?.AllLabels.ToDictionary(l => l.Key, l => l.Name, StringComparer.Ordinal) ?? [];
        var answered = (await PeopleLabels.LoadAsync(db, projectId, cancellationToken)).GetValueOrDefault(function.QuestionKey) ?? [];
        var votes = await db.LfVotes.AsNoTracking().Where(v => v.FunctionVersionId == function.VersionId)
            .Join(LabelingFunctionService.Usable(db, projectId), v => v.ItemId, i => i.Id, (v, i) => new { v.ItemId, v.Label })
            .ToListAsync(cancellationToken);
        var hits = new List<(long ItemId, string Voted, string Answered)>();
        var misses = new List<(long ItemId, string Voted, string Answered)>();
        foreach (var vote in votes.OrderBy(v => v.ItemId))
        {
            if (answered.TryGetValue(vote.ItemId, out var label))
            {
                (label == vote.Label ? hits : misses).Add((vote.ItemId, vote.Label, label));
            }
        }
        var listed = hits.Take(MaxListed).Concat(misses.Take(MaxListed)).Select(h => h.ItemId).ToList();
        var texts = await db.Items.AsNoTracking().Where(i => listed.Contains(i.Id)).Select(i => new { i.Id, i.Text }).ToDictionaryAsync(i => i.Id, i => i.Text, cancellationToken);
        string Name(string key) => names.GetValueOrDefault(key) ?? key;
        LfJudgedItem ToItem((long ItemId, string Voted, string Answered) h)
        {
            var text = texts.GetValueOrDefault(h.ItemId) ?? "";
            return new LfJudgedItem(h.ItemId, text.Length > HitTextLength ? text[..HitTextLength] + "…" : text, Name(h.Voted), Name(h.Answered));
        }
        return new LfHitsDto(functionId, function.Name, hits.Count, misses.Count,
            [.. hits.Take(MaxListed).Select(ToItem)], [.. misses.Take(MaxListed).Select(ToItem)]);
    }
}

/// <summary>
/// The label people gave each item, per single-label question: the majority of the annotators' current answers (the
/// latest version of each annotator's answer); an item whose annotators are split evenly has none. Reviewed labels
/// will take precedence once reviews exist.
/// </summary>
internal static class PeopleLabels
{
    /// <summary>Question key → item id → label key.</summary>
    public static async Task<Dictionary<string, Dictionary<long, string>>> LoadAsync(AnnotateDbContext db, int projectId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string Question, long ItemId), Dictionary<string, int>>();
        foreach (var (itemId, _, answer) in await StoredAnswers.CurrentAsync(db, projectId, null, null, cancellationToken))
        {
            foreach (var (question, a) in answer.Questions)
            {
                if (a.Label is not { } label)
                {
                    continue;
                }
                if (!counts.TryGetValue((question, itemId), out var byLabel))
                {
                    counts[(question, itemId)] = byLabel = new Dictionary<string, int>(StringComparer.Ordinal);
                }
                byLabel[label] = byLabel.GetValueOrDefault(label) + 1;
            }
        }
        var result = new Dictionary<string, Dictionary<long, string>>(StringComparer.Ordinal);
        foreach (var ((question, itemId), byLabel) in counts)
        {
            var top = byLabel.Values.Max();
            var winners = byLabel.Where(l => l.Value == top).ToList();
            if (winners.Count != 1)
            {
                continue;
            }
            if (!result.TryGetValue(question, out var labels))
            {
                result[question] = labels = [];
            }
            labels[itemId] = winners[0].Key;
        }
        return result;
    }
}
