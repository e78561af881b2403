using System.Globalization;
using System.Text;
using System.Text.Json;
using Annotate.Core.Ingest;
using Annotate.Data;
using Annotate.Data.Bulk;
using Annotate.Data.Entities;
using Annotate.Web.Features.Cleaning;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Statistics;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Imports;

/// <summary>
/// Imports one uploaded file into the project's items, atomically: every row is read, cleaned and inserted inside one
/// transaction, so a failure or a cancel leaves the store as it was. Bad rows either reject the whole file or are
/// skipped and listed in a downloadable report, as the Manager chose; nothing is dropped silently.
/// </summary>
public sealed class FileImportJob(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ImportService imports,
    CleaningService cleaning,
    JobService jobs,
    AnnotatePaths paths,
    TimeProvider time) : IJobHandler
{
    public const string JobKind = "import.file";
    private const int ProblemsInMessage = 10;

    public string Kind => JobKind;

    public string Title => "Import file";

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = context.GetParameters<FileImportRequest>();
        var upload = await imports.FindUploadAsync(context.ProjectId, request.UploadId, cancellationToken);
        var settings = await cleaning.LoadAsync(context.ProjectId, cancellationToken);
        var mapping = request.Mapping;
        var path = paths.Resolve(upload.StoredPath);
        var problems = new List<RecordProblem>();
        var now = time.GetUtcNow().UtcDateTime;
        long read = 0, imported = 0, filtered = 0;

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        IRecordReader reader;
        try
        {
            reader = await RecordReaders.OpenAsync(file, RecordReaders.FormatOf(upload.FileName), ImportService.ToReadOptions(request.Read), cancellationToken);
        }
        catch (IngestException e)
        {
            throw new JobFailedException($"{upload.FileName}: {e.Message}");
        }
        await using var _ = reader;
        FieldSuggestions.Check(mapping, reader.Columns);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // While this transaction writes, SQLite lets no other connection write: progress goes to live pages only.
        context.KeepProgressInMemory = true;
        string? report;
        await using (var inserter = await ItemBulkInserter.BeginAsync(db, cancellationToken))
        {
            try
            {
                await foreach (var result in reader.ReadAsync(cancellationToken))
                {
                    read++;
                    if (result.Problem is { } problem)
                    {
                        problems.Add(problem);
                    }
                    else if (ToItem(result.Record!, mapping, upload.FileName, context, now, out var rowProblem) is { } item)
                    {
                        settings.Apply(item);
                        if (item.Status == ItemStatus.Filtered)
                        {
                            filtered++;
                        }
                        await inserter.AddAsync(item, cancellationToken);
                        imported++;
                    }
                    else
                    {
                        problems.Add(rowProblem!);
                    }
                    if (read % 1000 == 0)
                    {
                        await context.ReportFractionAsync(file.Length == 0 ? 0 : (double)file.Position / file.Length, read, "rows", cancellationToken);
                    }
                }
            }
            catch (IngestException e)
            {
                throw new JobFailedException($"{upload.FileName}: {e.Message} Nothing was imported.");
            }

            report = problems.Count == 0 ? null : await WriteReportAsync(context, upload.FileName, problems, cancellationToken);
            if (problems.Count > 0 && request.BadRows == BadRowPolicy.RejectFile)
            {
                context.Result = new ImportResult(read, 0, problems.Count, 0, 0, report);
                throw new JobFailedException(RejectionMessage(upload.FileName, problems));
            }
            await inserter.CompleteAsync(cancellationToken);
        }

        // The native insert is over (PostgreSQL's COPY ends when the inserter is disposed); finish in the same transaction.
        await context.ReportFractionAsync(1, read, "rows", cancellationToken);
        var duplicates = await MarkExactDuplicatesAsync(db, context.ProjectId, context.JobId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        context.KeepProgressInMemory = false;
        context.Result = new ImportResult(read, imported, problems.Count, filtered, duplicates, report);
        await QueueFollowUpsAsync(context, settings, cancellationToken);
        return $"Imported {imported:N0} of {read:N0} rows" +
            (problems.Count > 0 ? $"; skipped {problems.Count:N0} (see the report)" : "") +
            (duplicates > 0 ? $"; {duplicates:N0} exact duplicates marked" : "") +
            (filtered > 0 ? $"; {filtered:N0} filtered by cleaning rules" : "");
    }

    /// <summary>Builds the item for one record, or says why the record cannot be one.</summary>
    private static Item? ToItem(SourceRecord record, FieldMapping mapping, string fileName, JobContext context, DateTime now, out RecordProblem? problem)
    {
        problem = null;
        var fields = record.Fields;
        var text = fields.GetValueOrDefault(mapping.TextField);
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = new RecordProblem(record.Row, mapping.TextField, "the text is empty");
            return null;
        }
        DateTime? timestamp = null;
        if (mapping.TimestampField is { } timeField && fields.GetValueOrDefault(timeField) is { Length: > 0 } rawTime)
        {
            if (!DateTime.TryParse(rawTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                problem = new RecordProblem(record.Row, timeField, $"'{Shorten(rawTime)}' is not a date and time");
                return null;
            }
            timestamp = parsed;
        }
        return new Item
        {
            ProjectId = context.ProjectId,
            Text = text,
            ExternalId = mapping.IdField is { } idField ? Blank(fields.GetValueOrDefault(idField)) : null,
            SourceLabel = mapping.LabelField is { } labelField ? Blank(fields.GetValueOrDefault(labelField)) : null,
            GroupKey = mapping.GroupField is { } groupField ? Blank(fields.GetValueOrDefault(groupField)) : null,
            Timestamp = timestamp,
            MetadataJson = Metadata(fields, mapping.MetadataFields),
            SourceKind = "file",
            SourceName = fileName,
            SourceRow = record.Row,
            ImportJobId = context.JobId,
            CreatedAt = now,
        };
    }

    private static string? Metadata(IReadOnlyDictionary<string, string?> fields, IReadOnlyList<string>? names)
    {
        if (names is not { Count: > 0 })
        {
            return null;
        }
        return JsonSerializer.Serialize(names.ToDictionary(n => n, n => fields.GetValueOrDefault(n)));
    }

    /// <summary>Points each newly imported item whose text is already in the project at the first such item.</summary>
    private static Task<int> MarkExactDuplicatesAsync(AnnotateDbContext db, int projectId, long jobId, CancellationToken cancellationToken) =>
        db.Items
            .Where(i => i.ProjectId == projectId && i.ImportJobId == jobId
                && db.Items.Any(o => o.ProjectId == projectId && o.ContentHash == i.ContentHash && o.Id < i.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(
                i => i.DuplicateOfId,
                i => db.Items.Where(o => o.ProjectId == projectId && o.ContentHash == i.ContentHash).Min(o => (long?)o.Id)), cancellationToken);

    private async Task QueueFollowUpsAsync(JobContext context, ProjectCleaning settings, CancellationToken cancellationToken)
    {
        // The grouping job recounts when it is done; recounting now as well would race it with older numbers.
        var next = settings.GroupsNearDuplicates ? NearDuplicateJob.JobKind : StatisticsRecountJob.JobKind;
        await jobs.EnqueueSystemAsync(context.ProjectId, next, null, context.CreatedById, cancellationToken);
    }

    private async Task<string> WriteReportAsync(JobContext context, string fileName, List<RecordProblem> problems, CancellationToken cancellationToken)
    {
        var folder = paths.Reports(context.ProjectId);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"import-{context.JobId}-problems.csv");
        var csv = new StringBuilder("file,row,field,reason\n");
        foreach (var p in problems)
        {
            csv.Append(Csv(fileName)).Append(',').Append(p.Row).Append(',').Append(Csv(p.Field ?? "")).Append(',').Append(Csv(p.Reason)).Append('\n');
        }
        await File.WriteAllTextAsync(path, csv.ToString(), cancellationToken);
        return paths.Relative(path);
    }

    private static string RejectionMessage(string fileName, List<RecordProblem> problems)
    {
        var shown = string.Join("; ", problems.Take(ProblemsInMessage).Select(ImportService.Describe));
        var more = problems.Count > ProblemsInMessage ? $"; and {problems.Count - ProblemsInMessage:N0} more (download the report)" : "";
        return $"{fileName} has {problems.Count:N0} bad row(s), so nothing was imported: {shown}{more}. " +
            "Fix the file, or import again choosing to skip bad rows.";
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
