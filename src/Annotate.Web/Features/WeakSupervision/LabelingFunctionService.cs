using System.Text.Json;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Core.WeakSupervision.Functions;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.WeakSupervision;

/// <summary>
/// A project's labeling functions (Managers): create, change (a new version; earlier versions and their votes are
/// kept), enable or disable, try on a sample before saving, and apply as a background job.
/// </summary>
public sealed class LabelingFunctionService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    SchemaService schemas,
    JobService jobs,
    TimeProvider time)
{
    /// <summary>How many items a test run looks at.</summary>
    public const int SampleSize = 2000;

    private const int MaxHits = 50;

    public async Task<IReadOnlyList<LfDto>> ListAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lastItem = await LastItemIdAsync(db, projectId, cancellationToken);
        var rows = await db.LabelingFunctions.AsNoTracking().Where(f => f.ProjectId == projectId).OrderBy(f => f.Id)
            .Select(f => new { Function = f, Current = f.Versions.Single(v => v.Version == f.CurrentVersion) })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => ToDto(r.Function, r.Current, lastItem))];
    }

    /// <exception cref="InputException">The definition breaks a rule; the message names each field.</exception>
    /// <exception cref="ConflictException">Another function of the project has that name.</exception>
    public async Task<LfDto> CreateAsync(Caller caller, int projectId, LfRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var definition = await ValidateAsync(projectId, request, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.LabelingFunctions.AnyAsync(f => f.ProjectId == projectId && f.Name == definition.Name, cancellationToken))
        {
            throw new ConflictException($"A labeling function named '{definition.Name}' exists in this project; choose another name.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var function = new LabelingFunction
        {
            ProjectId = projectId,
            Name = definition.Name,
            QuestionKey = definition.QuestionKey,
            CurrentVersion = 1,
            CreatedAt = now,
            CreatedById = caller.UserId,
        };
        var version = NewVersion(projectId, definition, 1, caller, now);
        function.Versions.Add(version);
        db.LabelingFunctions.Add(function);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException($"A labeling function named '{definition.Name}' exists in this project; choose another name.");
        }
        return ToDto(function, version, await LastItemIdAsync(db, projectId, cancellationToken));
    }

    /// <summary>
    /// Renames a function, and saves a new version when its rule, label or question changed (the earlier versions and
    /// their votes stay; only the new version votes from now on).
    /// </summary>
    public async Task<LfDto> UpdateAsync(Caller caller, int projectId, int functionId, LfRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var definition = await ValidateAsync(projectId, request, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var function = await db.LabelingFunctions.Include(f => f.Versions).SingleOrDefaultAsync(f => f.ProjectId == projectId && f.Id == functionId, cancellationToken)
            ?? throw new NotFoundException($"Labeling function {functionId} is not in this project.");
        if (function.Name != definition.Name && await db.LabelingFunctions.AnyAsync(f => f.ProjectId == projectId && f.Name == definition.Name && f.Id != functionId, cancellationToken))
        {
            throw new ConflictException($"A labeling function named '{definition.Name}' exists in this project; choose another name.");
        }
        function.Name = definition.Name;
        var current = function.Versions.Single(v => v.Version == function.CurrentVersion);
        var ruleJson = LabelingJson.Serialize(definition.Rule);
        if (current.RuleJson != ruleJson || current.Label != definition.Label || function.QuestionKey != definition.QuestionKey)
        {
            current = NewVersion(projectId, definition, function.CurrentVersion + 1, caller, time.GetUtcNow().UtcDateTime);
            function.Versions.Add(current);
            function.CurrentVersion = current.Version;
            function.QuestionKey = definition.QuestionKey;
        }
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(function, current, await LastItemIdAsync(db, projectId, cancellationToken));
    }

    public async Task<LfDto> SetEnabledAsync(Caller caller, int projectId, int functionId, bool enabled, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var function = await db.LabelingFunctions.Include(f => f.Versions).SingleOrDefaultAsync(f => f.ProjectId == projectId && f.Id == functionId, cancellationToken)
            ?? throw new NotFoundException($"Labeling function {functionId} is not in this project.");
        function.Enabled = enabled;
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(function, function.Versions.Single(v => v.Version == function.CurrentVersion), await LastItemIdAsync(db, projectId, cancellationToken));
    }

    /// <summary>Every saved version of a function, oldest first.</summary>
    public async Task<IReadOnlyList<(int Version, LfRule Rule, string? Label, DateTime CreatedAt)>> VersionsAsync(Caller caller, int projectId, int functionId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.LabelingFunctionVersions.AsNoTracking().Where(v => v.ProjectId == projectId && v.FunctionId == functionId).OrderBy(v => v.Version).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            throw new NotFoundException($"Labeling function {functionId} is not in this project.");
        }
        return [.. rows.Select(v => (v.Version, LabelingJson.Deserialize<LfRule>(v.RuleJson), v.Label, v.CreatedAt))];
    }

    /// <summary>
    /// Runs a definition, saved or not, over a fixed spread-out sample of the project's items: its first hits with
    /// where they matched, coverage, votes per label, and agreement with the answers people gave on those items.
    /// </summary>
    public async Task<LfTestResult> TestAsync(Caller caller, int projectId, LfRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var definition = await ValidateAsync(projectId, request, cancellationToken);
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        var classes = schema.Find(definition.QuestionKey)!.ActiveLabels.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sample = await Usable(db, projectId)
            .OrderBy(i => (i.Id * 2654435761L) % 4294967291L).ThenBy(i => i.Id).Take(SampleSize)
            .Select(i => new { i.Id, i.Text, i.MetadataJson }).ToListAsync(cancellationToken);
        var function = CompiledLf.Compile(definition, classes, await StoredAnswers.ForAsync(db, projectId, [definition], cancellationToken));
        var hits = new List<LfHit>();
        var votes = new Dictionary<long, string>();
        long? timedOut = null;
        foreach (var item in sample.OrderBy(i => i.Id))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = function.Apply(new LfInput(item.Id, item.Text, ItemMetadata.Parse(item.MetadataJson)));
            if (result.Outcome == LfOutcome.TimedOut)
            {
                timedOut = item.Id;
                break;
            }
            if (result.Voted)
            {
                var label = classes[result.Label].Key;
                votes[item.Id] = label;
                if (hits.Count < MaxHits)
                {
                    hits.Add(new LfHit(item.Id, item.Text, label, result.MatchStart, result.MatchLength));
                }
            }
        }
        var (compared, agreed) = await CompareWithPeopleAsync(db, projectId, definition.QuestionKey, votes, cancellationToken);
        return new LfTestResult(sample.Count, votes.Count, sample.Count == 0 ? 0 : (double)votes.Count / sample.Count,
            votes.Values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count()), hits, timedOut, compared, agreed);
    }

    /// <summary>Queues the job that stores the votes of every enabled function whose current version is not applied to every item yet.</summary>
    public Task<JobDto> ApplyAsync(Caller caller, int projectId, CancellationToken cancellationToken) =>
        jobs.EnqueueAsync(caller, projectId, ApplyFunctionsJob.JobKind, null, ProjectRoles.Manager, cancellationToken);

    /// <summary>Items labeling functions and label models look at: active, not an exact copy of another item.</summary>
    internal static IQueryable<Item> Usable(AnnotateDbContext db, int projectId) =>
        db.Items.Where(i => i.ProjectId == projectId && i.Status == ItemStatus.Active && i.DuplicateOfId == null);

    internal static async Task<long> LastItemIdAsync(AnnotateDbContext db, int projectId, CancellationToken cancellationToken) =>
        await db.Items.Where(i => i.ProjectId == projectId).Select(i => (long?)i.Id).MaxAsync(cancellationToken) ?? 0;

    private async Task<LfDefinition> ValidateAsync(int projectId, LfRequest request, CancellationToken cancellationToken)
    {
        if (request?.Rule is null)
        {
            throw new InputException("Rule", "Rule: missing (give its kind: keyword, regex, metadata, length, annotator or predictions).");
        }
        var definition = request.ToDefinition();
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        var problems = definition.Problems(schema);
        if (problems.Count > 0)
        {
            throw new InputException(problems[0].Split(':')[0], string.Join(" ", problems));
        }
        return definition;
    }

    private static LabelingFunctionVersion NewVersion(int projectId, LfDefinition definition, int version, Caller caller, DateTime now) => new()
    {
        ProjectId = projectId,
        Version = version,
        RuleJson = LabelingJson.Serialize(definition.Rule),
        Label = definition.Label,
        CreatedAt = now,
        CreatedById = caller.UserId,
    };

    private static LfDto ToDto(LabelingFunction f, LabelingFunctionVersion v, long lastItemId) => new(
        f.Id, f.Name, f.QuestionKey, LabelingJson.Deserialize<LfRule>(v.RuleJson), v.Label, f.Enabled, v.Version, v.Id,
        v.Error is null && v.AppliedThroughItemId is { } through && through >= lastItemId, v.AppliedAt, v.Error, f.CreatedAt);

    private static async Task<(int Compared, int Agreed)> CompareWithPeopleAsync(AnnotateDbContext db, int projectId, string questionKey,
        IReadOnlyDictionary<long, string> votes, CancellationToken cancellationToken)
    {
        if (votes.Count == 0)
        {
            return (0, 0);
        }
        var ids = votes.Keys.ToList();
        var answers = await StoredAnswers.CurrentAsync(db, projectId, ids, null, cancellationToken);
        var compared = 0;
        var agreed = 0;
        foreach (var (itemId, _, answer) in answers)
        {
            if (answer.Questions.TryGetValue(questionKey, out var a) && a.Label is { } label)
            {
                compared++;
                agreed += votes[itemId] == label ? 1 : 0;
            }
        }
        return (compared, agreed);
    }
}

/// <summary>Item metadata as stored (a JSON object of strings).</summary>
internal static class ItemMetadata
{
    private static readonly Dictionary<string, string?> Empty = [];

    public static IReadOnlyDictionary<string, string?> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return Empty;
        }
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }
}

/// <summary>People's current single-label answers, loaded up front for the annotator rules that will read them.</summary>
internal sealed class StoredAnswers : ILfData
{
    private readonly Dictionary<(string Annotator, string Question), IReadOnlyDictionary<long, string>> answers = [];

    public IReadOnlyDictionary<long, string> AnswersOf(string annotatorId, string questionKey) =>
        answers.TryGetValue((annotatorId, questionKey), out var found) ? found : new Dictionary<long, string>();

    /// <summary>Loads what the annotator rules among <paramref name="definitions"/> need.</summary>
    public static async Task<StoredAnswers> ForAsync(AnnotateDbContext db, int projectId, IEnumerable<LfDefinition> definitions, CancellationToken cancellationToken)
    {
        var data = new StoredAnswers();
        foreach (var definition in definitions)
        {
            if (definition.Rule is not AnnotatorRule rule || data.answers.ContainsKey((rule.AnnotatorId, definition.QuestionKey)))
            {
                continue;
            }
            var labels = new Dictionary<long, string>();
            foreach (var (itemId, _, answer) in await CurrentAsync(db, projectId, null, rule.AnnotatorId, cancellationToken))
            {
                if (answer.Questions.TryGetValue(definition.QuestionKey, out var a) && a.Label is { } label)
                {
                    labels[itemId] = label;
                }
            }
            data.answers[(rule.AnnotatorId, definition.QuestionKey)] = labels;
        }
        return data;
    }

    /// <summary>The latest human answer per (item, annotator), for some items and/or one annotator.</summary>
    public static async Task<List<(long ItemId, string AnnotatorId, Answer Answer)>> CurrentAsync(AnnotateDbContext db, int projectId,
        IReadOnlyCollection<long>? itemIds, string? annotatorId, CancellationToken cancellationToken)
    {
        var query = db.Annotations.AsNoTracking().Where(a => a.ProjectId == projectId && a.Source == AnnotationSource.Human);
        if (itemIds is not null)
        {
            query = query.Where(a => itemIds.Contains(a.ItemId));
        }
        if (annotatorId is not null)
        {
            query = query.Where(a => a.AnnotatorId == annotatorId);
        }
        var latest = query.Where(a => !db.Annotations.Any(n => n.ItemId == a.ItemId && n.AnnotatorId == a.AnnotatorId && n.Version > a.Version));
        var rows = await latest.Select(a => new { a.ItemId, a.AnnotatorId, a.AnswerJson }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.ItemId, r.AnnotatorId, LabelingJson.Deserialize<Answer>(r.AnswerJson)))];
    }
}
