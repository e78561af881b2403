using Annotate.Core.Ingest;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Imports.Sources;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Annotate.Web.Features.Imports;

/// <summary>Uploading files, previewing how they will be read, and starting imports. Managers only.</summary>
public sealed class ImportService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    JobService jobs,
    AnnotatePaths paths,
    IOptions<AnnotateOptions> options,
    TimeProvider time)
{
    /// <summary>Stores an uploaded file in the data folder.</summary>
    /// <exception cref="InputException">The file type is not supported, or the file is empty or too large.</exception>
    public async Task<UploadDto> SaveUploadAsync(Caller caller, int projectId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var name = Path.GetFileName(fileName ?? "");
        try
        {
            RecordReaders.FormatOf(name);
        }
        catch (IngestException e)
        {
            throw new InputException("File", e.Message);
        }
        var id = Guid.NewGuid();
        var folder = paths.Uploads(projectId);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, $"{id:N}{Path.GetExtension(name).ToLowerInvariant()}");
        long size;
        try
        {
            await using (var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                size = await CopyLimitedAsync(content, file, options.Value.MaxUploadBytes, cancellationToken);
            }
            if (size == 0)
            {
                throw new InputException("File", $"{name} is empty.");
            }
        }
        catch
        {
            File.Delete(target);
            throw;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var upload = new Upload
        {
            Id = id,
            ProjectId = projectId,
            FileName = name,
            StoredPath = paths.Relative(target),
            Size = size,
            CreatedById = caller.UserId,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Uploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        return new UploadDto(upload.Id, upload.FileName, upload.Size, upload.CreatedAt);
    }

    public async Task<IReadOnlyList<UploadDto>> ListUploadsAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Uploads.AsNoTracking().Where(u => u.ProjectId == projectId).OrderByDescending(u => u.CreatedAt)
            .Select(u => new UploadDto(u.Id, u.FileName, u.Size, u.CreatedAt)).ToListAsync(cancellationToken);
    }

    /// <summary>The columns and first rows as they will be read, with a suggested mapping.</summary>
    /// <exception cref="InputException">The file cannot be read; the message says where and why.</exception>
    public async Task<PreviewDto> PreviewAsync(Caller caller, int projectId, Guid uploadId, ReadSettings? read, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var upload = await FindUploadAsync(projectId, uploadId, cancellationToken);
        try
        {
            await using var source = await FileImportSource.OpenAsync(paths.Resolve(upload.StoredPath), upload.FileName, ToReadOptions(read), cancellationToken);
            var preview = await SourcePreview.ReadAsync(source, cancellationToken, nameSources: false);
            return new PreviewDto(upload.Id, upload.FileName, RecordReaders.FormatOf(upload.FileName).ToString(), preview.Columns, preview.Rows,
                preview.Problems, preview.Suggested);
        }
        catch (IngestException e)
        {
            throw new InputException("File", $"{upload.FileName}: {e.Message}");
        }
    }

    /// <summary>Checks the mapping against the file's columns and queues the import.</summary>
    /// <exception cref="InputException">A mapped field is not in the file, or no text field was chosen.</exception>
    public async Task<JobDto> StartFileImportAsync(Caller caller, int projectId, FileImportRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var upload = await FindUploadAsync(projectId, request.UploadId, cancellationToken);
        IReadOnlyList<string> columns;
        try
        {
            await using var reader = await OpenAsync(upload, request.Read, cancellationToken);
            columns = reader.Columns;
        }
        catch (IngestException e)
        {
            throw new InputException("File", $"{upload.FileName}: {e.Message}");
        }
        FieldSuggestions.Check(request.Mapping, columns);
        return await jobs.EnqueueAsync(caller, projectId, FileImportJob.JobKind, request, ProjectRoles.Manager, cancellationToken);
    }

    internal async Task<Upload> FindUploadAsync(int projectId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.Id == uploadId && u.ProjectId == projectId, cancellationToken)
            ?? throw new NotFoundException($"Upload {uploadId} does not exist in this project.");
    }

    internal ValueTask<IRecordReader> OpenAsync(Upload upload, ReadSettings? read, CancellationToken cancellationToken) =>
        RecordReaders.OpenFileAsync(paths.Resolve(upload.StoredPath), ToReadOptions(read), cancellationToken);

    internal static ReadOptions ToReadOptions(ReadSettings? read) => new()
    {
        Delimiter = read?.Delimiter switch
        {
            null or "" => null,
            "\\t" or "tab" => '\t',
            { Length: 1 } d => d[0],
            var d => throw new InputException("Delimiter", $"A delimiter is one character; '{d}' is not."),
        },
        Encoding = string.IsNullOrWhiteSpace(read?.Encoding) ? null : read.Encoding,
        HasHeader = read?.HasHeader ?? true,
    };

    internal static string Describe(RecordProblem problem) =>
        problem.Field is null ? $"Row {problem.Row}: {problem.Reason}" : $"Row {problem.Row}, field '{problem.Field}': {problem.Reason}";

    private static async Task<long> CopyLimitedAsync(Stream source, Stream target, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new InputException("File", $"The file is larger than the limit of {limit / (1024 * 1024):N0} MB (Annotate:MaxUploadBytes).");
            }
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return total;
    }
}
