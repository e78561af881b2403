using Amazon.S3;
using Annotate.Core.Ingest;
using Annotate.Web.Features.Imports.Sources;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Infrastructure;

namespace Annotate.Web.Features.Imports;

/// <summary>
/// Imports every supported object under an S3 prefix in one transaction (see <see cref="ItemImporter"/>): a failure,
/// a cancel or — unless the Manager chose to skip them — a bad row in any object leaves the store as it was. The
/// objects are listed again when the job runs; those of an unsupported type are named in the job's message.
/// </summary>
public sealed class S3ImportJob(S3ImportService s3, ImportRunner runner) : IJobHandler
{
    public const string JobKind = "import.s3";

    public string Kind => JobKind;

    public string Title => "Import from S3";

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = context.GetParameters<S3ImportRequest>();
        if (request.Mapping is null)
        {
            throw new JobFailedException("The job has no field mapping.");
        }
        IAmazonS3 client;
        S3Listing listing;
        S3ReadSettings settings;
        try
        {
            (client, listing) = await s3.ListAsync(request.Connection, request.Bucket, request.Prefix, cancellationToken);
            settings = s3.Settings(request.Read, request.Mapping);
        }
        catch (InputException e)
        {
            throw new JobFailedException(e.Message);
        }
        var leftOut = S3ImportService.LeftOutNote(listing);
        S3ImportSource source;
        try
        {
            source = await S3ImportSource.OpenAsync(client, listing, settings, cancellationToken);
        }
        catch (IngestException e)
        {
            throw new JobFailedException($"{listing.Location}: {e.Message} Nothing was imported.{leftOut}");
        }
        await using var _ = source;
        try
        {
            var summary = await runner.RunAsync(context, source, request.Mapping, request.BadRows, listing.Location, cancellationToken);
            return $"{summary} from {listing.Objects.Count:N0} object(s).{leftOut}";
        }
        catch (JobFailedException e) when (leftOut.Length > 0)
        {
            throw new JobFailedException(e.Message + leftOut);
        }
    }
}
