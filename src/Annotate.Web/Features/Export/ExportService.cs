using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Annotate.Core.Export;
using Annotate.Core.Jobs;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Export;

/// <summary>
/// Dataset exports of a project, for its Managers: what can be exported, a preview of the counts, starting an export
/// job, and the past exports with their manifest and zip. Past exports are the project's succeeded export jobs (their
/// result names the zip), so no table of their own is needed.
/// </summary>
public sealed class ExportService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    SchemaService schemas,
    ExportItemReader reader,
    JobService jobs,
    AnnotatePaths paths)
{
    private const int MaxSourceNames = 500;
    private const int MaxPastExports = 200;

    /// <summary>The questions an export can take labels from and the import sources it can filter by.</summary>
    /// <exception cref="ForbiddenException">The caller is not a Manager of the project.</exception>
    public async Task<ExportChoices> ChoicesAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sources = await db.Items.Where(i => i.ProjectId == projectId && i.SourceName != null).Select(i => i.SourceName!)
            .Distinct().OrderBy(n => n).Take(MaxSourceNames).ToListAsync(cancellationToken);
        var grouped = await db.Items.CountAsync(i => i.ProjectId == projectId && i.DuplicateOfId == null
            && (i.GroupKey != null || (i.NearDuplicateGroupId != null && !i.NearDuplicateExcluded)), cancellationToken);
        return new ExportChoices(QuestionsOf(schema), sources, grouped);
    }

    /// <summary>Queues an export job.</summary>
    /// <exception cref="InputException">The request breaks a rule of <see cref="ExportRequestRules"/>; names the field.</exception>
    /// <exception cref="ForbiddenException">The caller is not a Manager of the project.</exception>
    public async Task<JobDto> StartAsync(Caller caller, int projectId, ExportRequest request, CancellationToken cancellationToken)
    {
        var question = await CheckAsync(caller, projectId, request, cancellationToken);
        return await jobs.EnqueueAsync(caller, projectId, ExportJob.JobKind, request with { Question = question.Key }, ProjectRoles.Manager, cancellationToken);
    }

    /// <summary>
    /// The counts the export would have (split sizes, classes per split, train before and after balancing), computed
    /// in full without writing a zip: as costly as reading the project's labels once.
    /// </summary>
    /// <exception cref="InputException">The request breaks a rule, or the items and settings do not fit together.</exception>
    public async Task<ExportSummary> PreviewAsync(Caller caller, int projectId, ExportRequest request, CancellationToken cancellationToken)
    {
        var question = await CheckAsync(caller, projectId, request, cancellationToken);
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        var items = await reader.ReadAsync(projectId, schema, question, request, null, cancellationToken);
        if (items.Labeled.Count == 0)
        {
            throw new InputException(nameof(ExportRequest.Sources), $"No item has a label for '{question.Key}' from the chosen sources and filters.");
        }
        try
        {
            // The counts do not depend on the format: the cheapest one is written, to nowhere.
            var result = await ExportJob.ExportAsync(items, request with { Format = "jsonl", IncludeUnlabeled = false }, question, "preview", projectId,
                new DiscardingSink(), null, cancellationToken);
            return ExportSummary.From(result.Manifest, items.UnlabeledCount);
        }
        catch (JobFailedException e)
        {
            throw new InputException(nameof(ExportRequest.Strategy), e.Message);
        }
    }

    /// <summary>The project's finished exports, newest first.</summary>
    /// <exception cref="ForbiddenException">The caller is not a Manager of the project.</exception>
    public async Task<IReadOnlyList<PastExport>> ListAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Jobs.AsNoTracking()
            .Where(j => j.ProjectId == projectId && j.Kind == ExportJob.JobKind && j.Status == JobStatus.Succeeded && j.ResultJson != null)
            .OrderByDescending(j => j.Id).Take(MaxPastExports)
            .Select(j => new { j.Id, j.CreatedAt, j.FinishedAt, By = j.CreatedBy != null ? j.CreatedBy.Email : null, j.ResultJson })
            .ToListAsync(cancellationToken);
        var list = new List<PastExport>(rows.Count);
        foreach (var row in rows)
        {
            if (Parse(row.ResultJson) is not { } result)
            {
                continue;
            }
            list.Add(new PastExport(row.Id, row.CreatedAt, row.FinishedAt, row.By, result.Format, result.Strategy, result.Seed, result.Question,
                result.Summary.Items, result.Summary.Splits.ToDictionary(s => s.Name, s => s.Written), result.Bytes, result.Sha256,
                $"/api/projects/{projectId}/exports/{row.Id}/download", result.Summary));
        }
        return list;
    }

    /// <summary>The export's <c>manifest.json</c>, as written in its zip.</summary>
    /// <exception cref="NotFoundException">No finished export with that id in this project, or its zip is gone.</exception>
    public async Task<string> GetManifestAsync(Caller caller, int projectId, long jobId, CancellationToken cancellationToken)
    {
        var (path, _) = await GetZipAsync(caller, projectId, jobId, cancellationToken);
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.GetEntry(ManifestBuilder.FileName) ?? throw new NotFoundException($"Export {jobId} has no {ManifestBuilder.FileName}.");
        await using var stream = entry.Open();
        using var text = new StreamReader(stream, Encoding.UTF8);
        return await text.ReadToEndAsync(cancellationToken);
    }

    /// <summary>The zip of a finished export and the name to download it under.</summary>
    /// <exception cref="NotFoundException">No finished export with that id in this project, or its zip is gone.</exception>
    /// <exception cref="ForbiddenException">The caller is not a Manager of the project.</exception>
    public async Task<(string Path, string DownloadName)> GetZipAsync(Caller caller, int projectId, long jobId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking()
            .Where(j => j.Id == jobId && j.ProjectId == projectId && j.Kind == ExportJob.JobKind && j.Status == JobStatus.Succeeded)
            .Select(j => new { j.ResultJson, ProjectName = j.Project!.Name }).SingleOrDefaultAsync(cancellationToken);
        if (job is null || Parse(job.ResultJson) is not { } result)
        {
            throw new NotFoundException($"Export {jobId} does not exist in this project.");
        }
        var path = paths.Resolve(result.File);
        if (!File.Exists(path))
        {
            throw new NotFoundException($"The zip of export {jobId} is no longer in the data folder.");
        }
        return (path, $"{Slug(job.ProjectName)}-export-{jobId}.zip");
    }

    /// <summary>The schema's questions that have labels to split on: one label (single) or several (multi).</summary>
    public static IReadOnlyList<ExportQuestion> QuestionsOf(LabelSchema schema) =>
    [
        .. schema.Questions.Where(q => q.Kind is QuestionKind.Single or QuestionKind.Multi)
            .Select(q => new ExportQuestion(q.Key, q.Title, q.Kind == QuestionKind.Multi, [.. q.AllLabels.Select(l => l.Key)])),
    ];

    private async Task<ExportQuestion> CheckAsync(Caller caller, int projectId, ExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        var choices = new ExportChoices(QuestionsOf(schema), []);
        if (ExportRequestRules.Problems(request, choices).FirstOrDefault() is { Key: { } field, Value: var message })
        {
            throw new InputException(field, message);
        }
        return ExportRequestRules.QuestionOf(request, choices)!;
    }

    private static ExportJobResult? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ExportJobResult>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The project name as a safe file name: letters and digits, the rest as single dashes.</summary>
    internal static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "project" : text[..Math.Min(text.Length, 60)];
    }

    /// <summary>A sink that keeps nothing: the preview wants the counts, not the files.</summary>
    private sealed class DiscardingSink : Annotate.Core.Export.Formats.IExportSink
    {
        public Stream Create(string path) => Stream.Null;
    }
}
