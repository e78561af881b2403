using Annotate.Core.Labeling;
using Annotate.Core.WeakSupervision.Functions;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Labeling;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.WeakSupervision;

/// <summary>
/// Stores the votes of the project's enabled labeling functions. Only what changed is applied: a function version's
/// votes are kept up to the item id it has reached, so an unchanged function only runs over items imported since, and
/// an edited function (a new version) runs over everything. Annotator rules are applied afresh each time (answers
/// change). Each batch of items is its own short transaction, so a cancel keeps the batches done and the next run
/// continues from there. A regular expression that runs out of time on an item stops that function only: the error
/// names the item, and the other functions go on. When it succeeds it queues <see cref="FitLabelModelJob"/>, so the weak
/// labels follow the votes (even when nothing was left to apply: a function may have been disabled since the last fit).
/// </summary>
public sealed class ApplyFunctionsJob(IDbContextFactory<AnnotateDbContext> dbFactory, SchemaService schemas, JobService jobs, TimeProvider time) : IJobHandler
{
    public const string JobKind = "lf.apply";
    private const int Batch = 2000;
    private const string SchemaMismatch = "Not applied, the schema changed:";

    public string Kind => JobKind;

    public string Title => "Apply labeling functions";

    private sealed class Run(LabelingFunctionVersion version, CompiledLf function, IReadOnlyList<LabelDefinition> classes)
    {
        public LabelingFunctionVersion Version { get; } = version;

        public CompiledLf Function { get; } = function;

        public IReadOnlyList<LabelDefinition> Classes { get; } = classes;

        public long Through { get; set; } = version.AppliedThroughItemId ?? 0;

        public int Votes { get; set; }

        public bool Stopped { get; set; }
    }

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var projectId = context.ProjectId;
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        await using var db = await dbFactory.CreateForJobAsync(cancellationToken);
        var lastItem = await LabelingFunctionService.LastItemIdAsync(db, projectId, cancellationToken);
        var current = await db.LabelingFunctions.Where(f => f.ProjectId == projectId && f.Enabled)
            .Select(f => new { f.Name, f.QuestionKey, Version = f.Versions.Single(v => v.Version == f.CurrentVersion) })
            .ToListAsync(cancellationToken);

        var runs = new List<Run>();
        var problems = new List<string>();
        // A timeout stays until the function is edited (a new version); a schema mismatch is checked again each run.
        foreach (var f in current.Where(f => f.Version.Error is null || f.Version.Error.StartsWith(SchemaMismatch, StringComparison.Ordinal)))
        {
            var rule = LabelingJson.Deserialize<LfRule>(f.Version.RuleJson);
            var definition = new LfDefinition(f.Name, f.QuestionKey, rule, f.Version.Label);
            if (definition.Problems(schema) is { Count: > 0 } broken)
            {
                // The schema changed under the function (its label or question was retired).
                await SetErrorAsync(db, f.Version.Id, $"{SchemaMismatch} {string.Join(" ", broken)}", cancellationToken);
                problems.Add(f.Name);
                continue;
            }
            f.Version.Error = null;
            if (rule is AnnotatorRule)
            {
                await db.LfVotes.Where(v => v.FunctionVersionId == f.Version.Id).ExecuteDeleteAsync(cancellationToken);
                f.Version.AppliedThroughItemId = null;
            }
            else if (f.Version.AppliedThroughItemId >= lastItem)
            {
                continue;
            }
            var classes = schema.Find(f.QuestionKey)!.ActiveLabels.ToList();
            var data = await StoredAnswers.ForAsync(db, projectId, [definition], cancellationToken);
            runs.Add(new Run(f.Version, CompiledLf.Compile(definition, classes, data), classes));
        }
        if (runs.Count == 0)
        {
            context.Result = new { functions = 0, votes = 0, failed = problems };
            await QueueFitAsync(context, cancellationToken);
            return problems.Count == 0 ? "Every enabled labeling function is applied already" : $"Nothing applied; {problems.Count} function(s) no longer fit the schema";
        }

        var from = runs.Min(r => r.Through);
        var total = await db.Items.LongCountAsync(i => i.ProjectId == projectId && i.Id > from, cancellationToken);
        long done = 0;
        var lastId = from;
        while (true)
        {
            var batch = await db.Items.AsNoTracking().Where(i => i.ProjectId == projectId && i.Id > lastId).OrderBy(i => i.Id).Take(Batch)
                .Select(i => new { i.Id, i.Text, i.MetadataJson }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            var votes = new List<LfVote>();
            foreach (var item in batch)
            {
                LfInput? input = null;
                foreach (var run in runs)
                {
                    if (run.Stopped || item.Id <= run.Through)
                    {
                        continue;
                    }
                    input ??= new LfInput(item.Id, item.Text, ItemMetadata.Parse(item.MetadataJson));
                    var result = run.Function.Apply(input.Value);
                    if (result.Outcome == LfOutcome.TimedOut)
                    {
                        run.Stopped = true;
                        run.Version.Error = $"The regular expression ran out of time on item {item.Id}; the function was stopped there. Simplify the pattern or turn on NonBacktracking.";
                        continue;
                    }
                    if (result.Voted)
                    {
                        votes.Add(new LfVote { FunctionVersionId = run.Version.Id, ItemId = item.Id, ProjectId = projectId, Label = run.Classes[result.Label].Key });
                        run.Votes++;
                    }
                }
            }
            lastId = batch[^1].Id;
            var now = time.GetUtcNow().UtcDateTime;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                db.LfVotes.AddRange(votes);
                foreach (var run in runs)
                {
                    db.Attach(run.Version);
                    if (!run.Stopped && lastId > run.Through)
                    {
                        run.Through = lastId;
                        run.Version.AppliedThroughItemId = lastId;
                        run.Version.AppliedAt = now;
                    }
                    db.Entry(run.Version).State = EntityState.Modified;
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            db.ChangeTracker.Clear();
            done += batch.Count;
            await context.ReportAsync(done, total, "items", cancellationToken);
        }
        var stopped = runs.Where(r => r.Stopped).ToList();
        context.Result = new
        {
            functions = runs.Count,
            votes = runs.Sum(r => r.Votes),
            items = done,
            failed = problems.Concat(stopped.Select(r => current.First(c => c.Version.Id == r.Version.Id).Name)).ToList(),
        };
        await QueueFitAsync(context, cancellationToken);
        var summary = $"Applied {runs.Count - stopped.Count} labeling function(s) to {done:N0} items: {runs.Sum(r => r.Votes):N0} votes";
        if (stopped.Count > 0)
        {
            summary += $"; stopped (regular expression too slow): {string.Join(", ", stopped.Select(r => current.First(c => c.Version.Id == r.Version.Id).Name))}";
        }
        if (problems.Count > 0)
        {
            summary += $"; no longer fit the schema: {string.Join(", ", problems)}";
        }
        return summary;
    }

    private Task QueueFitAsync(JobContext context, CancellationToken cancellationToken) =>
        jobs.EnqueueSystemAsync(context.ProjectId, FitLabelModelJob.JobKind, null, context.CreatedById, cancellationToken);

    private static Task SetErrorAsync(AnnotateDbContext db, int versionId, string error, CancellationToken cancellationToken) =>
        db.LabelingFunctionVersions.Where(v => v.Id == versionId).ExecuteUpdateAsync(u => u.SetProperty(v => v.Error, error), cancellationToken);
}
