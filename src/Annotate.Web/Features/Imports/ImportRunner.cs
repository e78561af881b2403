using System.Text;
using Annotate.Core.Ingest;
using Annotate.Data;
using Annotate.Web.Features.Cleaning;
using Annotate.Web.Features.Imports.Sources;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Imports;

/// <summary>
/// Runs an import job for any source: the shared loop (<see cref="ItemImporter"/>), live progress, the report of
/// skipped records, the message a rejected source fails with, and the follow-up jobs (near-duplicate grouping or a
/// recount).
/// </summary>
public sealed class ImportRunner(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    CleaningService cleaning,
    JobService jobs,
    AnnotatePaths paths,
    TimeProvider time)
{
    private const int ProblemsInMessage = 10;

    /// <param name="what">How messages name the source: "data.csv", "12 web pages", "query 'recent'".</param>
    /// <returns>The job's closing message.</returns>
    public async Task<string> RunAsync(JobContext context, IImportSource source, FieldMapping mapping, BadRowPolicy badRows, string what,
        CancellationToken cancellationToken)
    {
        var settings = await cleaning.LoadAsync(context.ProjectId, cancellationToken);
        var target = new ImportTarget(context.ProjectId, context.JobId, time.GetUtcNow().UtcDateTime, settings);
        await using var db = await dbFactory.CreateForJobAsync(cancellationToken);
        // While the import's transaction writes, SQLite lets no other connection write: progress goes to live pages only.
        context.KeepProgressInMemory = true;
        ImportOutcome outcome;
        try
        {
            outcome = await ItemImporter.ImportAsync(db, target, source, mapping, badRows,
                (fraction, read, ct) => context.ReportFractionAsync(fraction, read, "rows", ct), cancellationToken);
        }
        catch (IngestException e)
        {
            throw new JobFailedException($"{what}: {e.Message} Nothing was imported.");
        }
        catch (InputException e)
        {
            throw new JobFailedException($"{what}: {e.Message}");
        }
        finally
        {
            context.KeepProgressInMemory = false;
        }

        var report = outcome.Problems.Count == 0 ? null : await WriteReportAsync(context, outcome.Problems, cancellationToken);
        context.Result = new ImportResult(outcome.Read, outcome.Imported, outcome.Problems.Count, outcome.Filtered, outcome.ExactDuplicates, report);
        if (outcome.Rejected)
        {
            throw new JobFailedException(RejectionMessage(what, outcome.Problems));
        }
        await jobs.EnqueueSystemAsync(context.ProjectId, settings.FollowUpJobKind, null, context.CreatedById, cancellationToken);
        return $"Imported {outcome.Imported:N0} of {outcome.Read:N0} rows" +
            (outcome.Problems.Count > 0 ? $"; skipped {outcome.Problems.Count:N0} (see the report)" : "") +
            (outcome.ExactDuplicates > 0 ? $"; {outcome.ExactDuplicates:N0} exact duplicates marked" : "") +
            (outcome.Filtered > 0 ? $"; {outcome.Filtered:N0} filtered by cleaning rules" : "");
    }

    private async Task<string> WriteReportAsync(JobContext context, IReadOnlyList<SourcedProblem> problems, CancellationToken cancellationToken)
    {
        var folder = paths.Reports(context.ProjectId);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"import-{context.JobId}-problems.csv");
        var csv = new StringBuilder("source,row,field,reason\n");
        foreach (var (source, p) in problems)
        {
            csv.Append(Csv(source)).Append(',').Append(p.Row).Append(',').Append(Csv(p.Field ?? "")).Append(',').Append(Csv(p.Reason)).Append('\n');
        }
        await File.WriteAllTextAsync(path, csv.ToString(), cancellationToken);
        return paths.Relative(path);
    }

    private static string RejectionMessage(string what, IReadOnlyList<SourcedProblem> problems)
    {
        // Name the file, object or page of each problem unless the whole source is that one file.
        var several = problems.Any(p => p.SourceName != what);
        var shown = string.Join("; ", problems.Take(ProblemsInMessage).Select(p => several ? $"{p.SourceName}: {ImportService.Describe(p.Problem)}" : ImportService.Describe(p.Problem)));
        var more = problems.Count > ProblemsInMessage ? $"; and {problems.Count - ProblemsInMessage:N0} more (download the report)" : "";
        return $"{what} has {problems.Count:N0} bad row(s), so nothing was imported: {shown}{more}. " +
            "Fix the source, or import again choosing to skip bad rows.";
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
