using System.Globalization;
using System.Text;
using Annotate.Core.WeakSupervision;
using Annotate.Data;
using Annotate.Data.Bulk;
using Annotate.Data.Entities;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Review;
using Annotate.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.WeakSupervision;

/// <summary>
/// Fits the project's label model (<see cref="WeakSupervisionSettings"/>: model, seed, tie rule) on the stored votes,
/// one run per single-label question that has enabled functions, and writes a weak label for every usable item. The
/// run with the highest id of a (project, question) is that question's current run: the queue suggests its labels.
/// Each question is written in one transaction (run, weak labels, the project's pointer), so readers see the previous
/// run until the new one is complete; the weak labels of the question's older runs are deleted in the same
/// transaction (the run rows stay, with their parameters, as the record of what was fitted). A model that cannot be
/// fitted on the votes (the Snorkel-style model needs three functions) gives way to majority vote, which the run and the
/// job's message record. After each run is written, the items it accepted automatically below the project's review
/// threshold go to review (<see cref="ReviewRoutingService.RouteWeakLabelsAsync"/>).
/// </summary>
public sealed class FitLabelModelJob(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    SchemaService schemas,
    ReviewRoutingService routing,
    ProjectEventBus bus,
    TimeProvider time) : IJobHandler
{
    public const string JobKind = "lf.fit";

    public string Kind => JobKind;

    public string Title => "Fit label model";

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var projectId = context.ProjectId;
        await using var db = await dbFactory.CreateForJobAsync(cancellationToken);
        var settings = WeakSupervisionSettings.Parse(
            await db.Projects.Where(p => p.Id == projectId).Select(p => p.WeakSupervisionJson).SingleAsync(cancellationToken));
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        var questions = await StoredVotes.LoadAsync(db, projectId, schema, null, cancellationToken);
        var fitted = questions.Where(q => q.Functions.Count > 0 && q.ItemIds.Length > 0).ToList();
        var leftOut = questions.SelectMany(q => q.LeftOut).ToList();
        if (fitted.Count == 0)
        {
            context.Result = new { runs = Array.Empty<int>(), leftOut };
            return "No enabled labeling function with votes to fit a model on" + LeftOutNote(leftOut);
        }
        var total = fitted.Sum(q => (long)q.ItemIds.Length);
        long done = 0;
        var runs = new List<(string Question, string Model, int RunId, int Items, int Covered, int SentToReview)>();
        var notes = new List<string>();
        foreach (var question in fitted)
        {
            await context.ReportAsync(done, total, "items", cancellationToken);
            var (run, fallback) = await FitAsync(db, context, question, settings, done, total, cancellationToken);
            done += question.ItemIds.Length;
            bus.Publish(new WeakLabelsUpdated(projectId, question.Question.Key, run.Id));
            // Once the run is committed: the routing reads its weak labels on a connection of its own.
            var sent = await routing.RouteWeakLabelsAsync(projectId, run.Id, cancellationToken);
            runs.Add((question.Question.Key, run.Model, run.Id, run.Items, run.Covered, sent));
            if (fallback is not null)
            {
                notes.Add(fallback);
            }
        }
        await context.ReportAsync(done, total, "items", cancellationToken);
        context.Result = new
        {
            runs = runs.Select(r => new { question = r.Question, model = r.Model, runId = r.RunId, items = r.Items, covered = r.Covered, sentToReview = r.SentToReview }),
            leftOut,
            notes,
        };
        return $"Fitted {string.Join("; ", runs.Select(r => $"{r.Model} on {r.Question}: {r.Items:N0} items, {r.Covered:N0} with a vote"
                + (r.SentToReview == 0 ? "" : $", {r.SentToReview:N0} accepted below the review threshold sent to review")))}"
            + (notes.Count == 0 ? "" : $"; {string.Join("; ", notes)}") + LeftOutNote(leftOut);
    }

    private static string LeftOutNote(IReadOnlyList<string> leftOut) =>
        leftOut.Count == 0 ? "" : $"; left out: {string.Join(", ", leftOut)}";

    private async Task<(WeakLabelRun Run, string? Fallback)> FitAsync(AnnotateDbContext db, JobContext context, QuestionVotes question, WeakSupervisionSettings settings,
        long done, long total, CancellationToken cancellationToken)
    {
        var projectId = context.ProjectId;
        ILabelModel model;
        string? fallback = null;
        try
        {
            model = LabelModels.Fit(settings.Model, question.Matrix, settings.Seed, settings.TieBreak);
        }
        catch (Exception e) when ((e is ArgumentException or InvalidOperationException) && settings.Model != LabelModelKind.MajorityVote)
        {
            // The Snorkel-style model needs three functions; a project starting with one or two still gets weak labels.
            model = LabelModels.Fit(LabelModelKind.MajorityVote, question.Matrix, settings.Seed, settings.TieBreak);
            fallback = $"{WeakLabelRunParameters.ModelName(settings.Model)} could not be fitted on '{question.Question.Key}' ({Reason(e).TrimEnd('.')}), so majority vote was used";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new JobFailedException($"Question '{question.Question.Key}': majority vote could not be fitted: {Reason(e)}");
        }
        cancellationToken.ThrowIfCancellationRequested();
        var predictions = model.Predict(question.Matrix);
        var classes = question.Classes.Select(c => c.Key).ToArray();
        var run = new WeakLabelRun
        {
            ProjectId = projectId,
            QuestionKey = question.Question.Key,
            Model = WeakLabelRunParameters.ModelName(model.Kind),
            Seed = settings.Seed,
            FunctionVersionsJson = System.Text.Json.JsonSerializer.Serialize(question.Functions.Select(f => f.VersionId)),
            ParametersJson = new WeakLabelRunParameters(classes, [.. question.Functions.Select(f => f.VersionId)],
                [.. model.LfAccuracies], [.. model.ClassPrior], settings.TieBreak).ToJson(),
            Items = question.ItemIds.Length,
            Covered = question.Matrix.CoveredCount(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            JobId = context.JobId,
            AcceptThreshold = settings.AutoAcceptThreshold,
        };

        // While this transaction writes, SQLite lets no other connection write: progress goes to live pages only.
        context.KeepProgressInMemory = true;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.WeakLabelRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await using (var inserter = await BulkInserter<WeakLabel>.BeginAsync(db, cancellationToken))
            {
                var json = new StringBuilder();
                var labels = predictions.Labels;
                for (var i = 0; i < question.ItemIds.Length; i++)
                {
                    var probabilities = predictions.ProbabilitiesOf(i);
                    await inserter.AddAsync(new WeakLabel
                    {
                        RunId = run.Id,
                        ItemId = question.ItemIds[i],
                        ProjectId = projectId,
                        Label = predictions.Labels[i] < 0 ? null : classes[predictions.Labels[i]],
                        Confidence = predictions.Confidences[i],
                        Entropy = Entropy(probabilities),
                        ProbabilitiesJson = ToJson(json, probabilities),
                        AnyVote = predictions.HasVotes[i],
                    }, cancellationToken);
                    if ((i & 4095) == 4095)
                    {
                        await context.ReportAsync(done + i + 1, total, "items", cancellationToken);
                    }
                }
                await inserter.CompleteAsync(cancellationToken);
            }
            var runId = run.Id;
            var key = question.Question.Key;
            // A fit that started earlier but finishes later must not take the pointer back to its older run.
            await db.Projects.Where(p => p.Id == projectId && (p.WeakLabelRunId == null || p.WeakLabelRunId < runId))
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.WeakLabelRunId, runId), cancellationToken);
            // By run id, so that the delete walks the (RunId, Entropy) index instead of every weak label of the project.
            var older = await db.WeakLabelRuns.Where(r => r.ProjectId == projectId && r.QuestionKey == key && r.Id < runId).Select(r => r.Id).ToListAsync(cancellationToken);
            if (older.Count > 0)
            {
                await db.WeakLabels.Where(w => older.Contains(w.RunId)).ExecuteDeleteAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            context.KeepProgressInMemory = false;
        }
        return (run, fallback);
    }

    /// <summary>The message without the " (Parameter 'matrix')" that is no use to a reader of the job.</summary>
    private static string Reason(Exception e) =>
        e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;

    /// <summary>Shannon entropy in nats; 0 for a certain label, ln K for a uniform one.</summary>
    internal static double Entropy(ReadOnlySpan<double> probabilities)
    {
        double entropy = 0;
        foreach (var p in probabilities)
        {
            if (p > 0)
            {
                entropy -= p * Math.Log(p);
            }
        }
        return entropy;
    }

    // Six decimals are more than any threshold or ordering needs, and keep a million rows' JSON small.
    private static string ToJson(StringBuilder json, ReadOnlySpan<double> probabilities)
    {
        json.Clear().Append('[');
        for (var y = 0; y < probabilities.Length; y++)
        {
            if (y > 0)
            {
                json.Append(',');
            }
            // The shortest text that reads back as the rounded value (twice as fast as a custom format).
            json.Append(Math.Round(probabilities[y], 6).ToString(CultureInfo.InvariantCulture));
        }
        return json.Append(']').ToString();
    }
}
