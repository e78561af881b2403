using Amazon.S3;
using Annotate.Core.Ingest;
using Annotate.Core.Projects;
using Annotate.Web.Features.Imports.Sources;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Annotate.Web.Features.Imports;

/// <summary>Importing the objects under an S3 prefix: the connections to choose from, a preview, and the import job. Managers only.</summary>
public sealed class S3ImportService(
    ProjectAccessService access,
    JobService jobs,
    S3Connections connections,
    AnnotatePaths paths,
    IOptions<AnnotateOptions> options)
{
    private const int KeysInPreview = 20;

    /// <summary>The preview reads at most this many objects, so that many small or empty objects do not make it slow.</summary>
    private const int ObjectsInPreview = 5;
    private const int KeysInMessage = 5;

    /// <summary>The names of the configured connections (never their endpoints' credentials).</summary>
    public async Task<IReadOnlyList<string>> ListConnectionsAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        return connections.Names;
    }

    /// <summary>Lists the objects and reads the first records as they will be imported.</summary>
    /// <exception cref="InputException">The connection, bucket or prefix is wrong, S3 refused, or the first objects cannot be read (the message names the key).</exception>
    public async Task<S3PreviewDto> PreviewAsync(Caller caller, int projectId, S3SourceRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var (client, listing) = await ListAsync(request.Connection, request.Bucket, request.Prefix, cancellationToken);
        try
        {
            var first = listing with { Objects = [.. listing.Objects.Take(ObjectsInPreview)] };
            await using var source = await S3ImportSource.OpenAsync(client, first, Settings(request.Read, null), cancellationToken);
            var records = await SourcePreview.ReadAsync(source, cancellationToken);
            return new S3PreviewDto(listing.Connection, listing.Bucket, listing.Prefix, listing.Objects.Count, listing.Bytes,
                [.. listing.Objects.Take(KeysInPreview).Select(o => o.Key)], listing.Unsupported, listing.UnsupportedCount, records);
        }
        catch (IngestException e)
        {
            throw new InputException("Prefix", e.Message);
        }
    }

    /// <summary>Checks the mapping against the first object's fields and queues the import.</summary>
    /// <exception cref="InputException">As for <see cref="PreviewAsync"/>, or a mapped field is not in the first object.</exception>
    public async Task<JobDto> StartAsync(Caller caller, int projectId, S3ImportRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        if (request.Mapping is null)
        {
            throw new InputException("Mapping", "Say which field holds the text (Mapping.TextField).");
        }
        var (client, listing) = await ListAsync(request.Connection, request.Bucket, request.Prefix, cancellationToken);
        IReadOnlyList<string> columns;
        try
        {
            await using var source = await S3ImportSource.OpenAsync(client, listing, Settings(request.Read, null), cancellationToken);
            columns = source.Columns;
        }
        catch (IngestException e)
        {
            throw new InputException("Prefix", e.Message);
        }
        FieldSuggestions.Check(request.Mapping, columns);
        var stored = request with { Bucket = listing.Bucket, Prefix = listing.Prefix };
        return await jobs.EnqueueAsync(caller, projectId, S3ImportJob.JobKind, stored, ProjectRoles.Manager, cancellationToken);
    }

    /// <exception cref="InputException">See <see cref="PreviewAsync"/>; also when nothing under the prefix can be imported.</exception>
    internal async Task<(IAmazonS3 Client, S3Listing Listing)> ListAsync(string? connection, string? bucket, string? prefix, CancellationToken cancellationToken)
    {
        var name = connection?.Trim() ?? "";
        var client = connections.Get(name);
        var bucketName = bucket?.Trim() ?? "";
        if (bucketName.Length == 0)
        {
            throw new InputException("Bucket", "Enter the bucket's name.");
        }
        if (bucketName.Contains('/'))
        {
            throw new InputException("Bucket", $"'{bucketName}' is not a bucket name: put the part after the first / in Prefix.");
        }
        var listing = await S3ImportSource.ListAsync(client, name, bucketName, prefix ?? "", options.Value.S3MaxObjects, cancellationToken);
        if (listing.Objects.Count == 0)
        {
            throw new InputException("Prefix", NothingToImport(listing));
        }
        return (client, listing);
    }

    internal S3ReadSettings Settings(ReadSettings? read, FieldMapping? mapping) =>
        new(ImportService.ToReadOptions(read), options.Value.MaxUploadBytes, paths.Temp(), mapping is null ? null : MappedFields(mapping));

    internal static IReadOnlyCollection<string> MappedFields(FieldMapping mapping) =>
        new[] { mapping.TextField, mapping.IdField, mapping.LabelField, mapping.GroupField, mapping.TimestampField }
            .Concat(mapping.MetadataFields ?? [])
            .OfType<string>()
            .Where(f => f.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    internal static string NothingToImport(S3Listing listing) => listing.UnsupportedCount == 0
        ? $"There are no objects under {listing.Location}."
        : $"None of the {listing.UnsupportedCount:N0} object(s) under {listing.Location} is of a supported type " +
          $"({RecordReaders.SupportedExtensions}): {Keys(listing.Unsupported, listing.UnsupportedCount)}.";

    /// <summary>The sentence that tells which objects were left out as unsupported; empty when none were.</summary>
    internal static string LeftOutNote(S3Listing listing) => listing.UnsupportedCount == 0
        ? ""
        : $" {listing.UnsupportedCount:N0} object(s) left out because their type is not supported: {Keys(listing.Unsupported, listing.UnsupportedCount)}.";

    private static string Keys(IReadOnlyList<string> keys, int count)
    {
        var shown = string.Join(", ", keys.Take(KeysInMessage).Select(k => k.Length <= 120 ? k : "…" + k[^119..]));
        return count > KeysInMessage ? $"{shown} and {count - KeysInMessage:N0} more" : shown;
    }
}
