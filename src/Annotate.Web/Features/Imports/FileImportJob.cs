using Annotate.Core.Ingest;
using Annotate.Web.Features.Imports.Sources;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Infrastructure;

namespace Annotate.Web.Features.Imports;

/// <summary>
/// Imports one uploaded file into the project's items, atomically (see <see cref="ItemImporter"/>): a failure or a
/// cancel leaves the store as it was; bad rows reject the file or are skipped and reported, as the Manager chose.
/// </summary>
public sealed class FileImportJob(ImportService imports, ImportRunner runner, AnnotatePaths paths) : IJobHandler
{
    public const string JobKind = "import.file";

    public string Kind => JobKind;

    public string Title => "Import file";

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = context.GetParameters<FileImportRequest>();
        var upload = await imports.FindUploadAsync(context.ProjectId, request.UploadId, cancellationToken);
        FileImportSource source;
        try
        {
            source = await FileImportSource.OpenAsync(paths.Resolve(upload.StoredPath), upload.FileName, ImportService.ToReadOptions(request.Read), cancellationToken);
        }
        catch (IngestException e)
        {
            throw new JobFailedException($"{upload.FileName}: {e.Message}");
        }
        await using var _ = source;
        return await runner.RunAsync(context, source, request.Mapping, request.BadRows, upload.FileName, cancellationToken);
    }
}
