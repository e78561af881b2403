using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Annotate.Core.Ingest;
using Annotate.Web.Infrastructure;

namespace Annotate.Web.Features.Imports.Sources;

/// <summary>One object to import: its key and size as listed.</summary>
public sealed record S3ObjectInfo(string Key, long Size);

/// <summary>
/// The objects under a bucket and prefix: those that will be read (a supported extension, in key order), and those
/// left out because their type is not supported (the first <see cref="S3ImportSource.UnsupportedKeysKept"/> keys of
/// <see cref="UnsupportedCount"/>). "Folder" markers (keys ending in /) are neither.
/// </summary>
public sealed record S3Listing(
    string Connection, string Bucket, string Prefix, IReadOnlyList<S3ObjectInfo> Objects, IReadOnlyList<string> Unsupported, int UnsupportedCount)
{
    public long Bytes => Objects.Sum(o => o.Size);

    /// <summary>How messages name the source: s3://bucket/prefix.</summary>
    public string Location => $"s3://{Bucket}/{Prefix}";
}

/// <summary>What the source may read: format options, the size limit per object, and where objects are downloaded.</summary>
public sealed record S3ReadSettings(ReadOptions? Options, long MaxObjectBytes, string TempFolder, IReadOnlyCollection<string>? RequiredFields = null);

/// <summary>
/// The objects under an S3 prefix, each parsed by its extension like an uploaded file (CSV, TSV, JSON, JSONL,
/// Parquet). Every record's source name is its object key and rows are numbered per object. The columns are the first
/// object's; an object that lacks a field the mapping uses stops the import with an <see cref="IngestException"/>
/// naming the key. Each object is downloaded to a temporary file (deleted when it has been read) before it is parsed:
/// Parquet and the Latin-1 detection of text files need a seekable stream, and the connection to S3 is not held open
/// while rows are written. Progress is by bytes of the listed objects.
/// </summary>
public sealed class S3ImportSource : IImportSource
{
    public const string SourceKind = "s3";

    /// <summary>How many keys of unsupported objects a listing keeps (it counts them all).</summary>
    public const int UnsupportedKeysKept = 1000;

    private readonly IAmazonS3 client;
    private readonly S3Listing listing;
    private readonly S3ReadSettings settings;
    private readonly long totalBytes;
    private OpenObject? current;
    private long doneBytes;
    private int done;
    private bool started;

    private S3ImportSource(IAmazonS3 client, S3Listing listing, S3ReadSettings settings, OpenObject first)
    {
        this.client = client;
        this.listing = listing;
        this.settings = settings;
        current = first;
        Columns = first.Reader.Columns;
        totalBytes = listing.Bytes;
    }

    public string Kind => SourceKind;

    public IReadOnlyList<string> Columns { get; }

    public S3Listing Listing => listing;

    public double Fraction
    {
        get
        {
            var position = current is { } c && !c.Closed ? Math.Min(c.Stream.Position, c.Info.Size) : 0;
            return totalBytes > 0
                ? Math.Clamp((double)(doneBytes + position) / totalBytes, 0, 1)
                : (double)done / Math.Max(1, listing.Objects.Count);
        }
    }

    /// <summary>
    /// Lists the objects under <paramref name="prefix"/> (ListObjectsV2, page by page). Keys ending in / are folder
    /// markers and are passed over; keys of an unsupported type are returned in <see cref="S3Listing.Unsupported"/>.
    /// </summary>
    /// <exception cref="InputException">The bucket cannot be listed (field Bucket or Connection), or the prefix holds more than <paramref name="maxObjects"/> objects to read (field Prefix).</exception>
    public static async Task<S3Listing> ListAsync(IAmazonS3 client, string connection, string bucket, string prefix, int maxObjects,
        CancellationToken cancellationToken, int pageSize = 1000)
    {
        var objects = new List<S3ObjectInfo>();
        var unsupported = new List<string>();
        var unsupportedCount = 0;
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, MaxKeys = pageSize };
        while (true)
        {
            ListObjectsV2Response page;
            try
            {
                page = await client.ListObjectsV2Async(request, cancellationToken);
            }
            catch (Exception e) when (S3Errors.IsS3Failure(e, cancellationToken))
            {
                var (field, message) = S3Errors.Describe(e, connection, bucket, key: null);
                throw new InputException(field, message);
            }
            foreach (var item in page.S3Objects ?? [])
            {
                if (item.Key is not { Length: > 0 } key || key.EndsWith('/'))
                {
                    continue;
                }
                if (!IsSupported(key))
                {
                    if (++unsupportedCount <= UnsupportedKeysKept)
                    {
                        unsupported.Add(key);
                    }
                    continue;
                }
                objects.Add(new S3ObjectInfo(key, item.Size ?? 0));
                if (objects.Count > maxObjects)
                {
                    throw new InputException("Prefix",
                        $"There are more than {maxObjects:N0} objects to import under s3://{bucket}/{prefix}: choose a narrower prefix (the limit is Annotate:S3MaxObjects).");
                }
            }
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                break;
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        unsupported.Sort(StringComparer.Ordinal);
        return new S3Listing(connection, bucket, prefix, objects, unsupported, unsupportedCount);
    }

    /// <summary>Whether an object's key names a format the import reads.</summary>
    public static bool IsSupported(string key)
    {
        try
        {
            RecordReaders.FormatOf(key);
            return true;
        }
        catch (IngestException)
        {
            return false;
        }
    }

    /// <summary>Downloads and opens the first object, for the columns.</summary>
    /// <exception cref="ArgumentException">The listing has no object to read.</exception>
    /// <exception cref="IngestException">The first object cannot be read or parsed; the message names its key.</exception>
    public static async Task<S3ImportSource> OpenAsync(IAmazonS3 client, S3Listing listing, S3ReadSettings settings, CancellationToken cancellationToken)
    {
        if (listing.Objects.Count == 0)
        {
            throw new ArgumentException("There is no object to read.", nameof(listing));
        }
        var first = await OpenObjectAsync(client, listing, listing.Objects[0], settings, cancellationToken);
        try
        {
            CheckColumns(first, settings.RequiredFields);
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }
        return new S3ImportSource(client, listing, settings, first);
    }

    public async IAsyncEnumerable<SourcedRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (started)
        {
            throw new InvalidOperationException("An S3 source is read once.");
        }
        started = true;
        for (var i = 0; i < listing.Objects.Count; i++)
        {
            var info = listing.Objects[i];
            if (current is null)
            {
                current = await OpenObjectAsync(client, listing, info, settings, cancellationToken);
                CheckColumns(current, settings.RequiredFields);
            }
            var records = current.Reader.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await records.MoveNextAsync())
                        {
                            break;
                        }
                    }
                    catch (IngestException e)
                    {
                        throw new IngestException($"{info.Key}: {e.Message}", e.Row, e.Field, e);
                    }
                    yield return new SourcedRecord(info.Key, records.Current);
                }
            }
            finally
            {
                await records.DisposeAsync();
            }
            var finished = current;
            current = null;
            await finished.DisposeAsync();
            doneBytes += info.Size;
            done++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (current is { } open)
        {
            current = null;
            await open.DisposeAsync();
        }
    }

    private static void CheckColumns(OpenObject open, IReadOnlyCollection<string>? required)
    {
        var missing = (required ?? []).Where(f => !open.Reader.Columns.Contains(f, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new IngestException(
                $"{open.Info.Key} has no field {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the mapping uses. " +
                $"Its fields are: {string.Join(", ", open.Reader.Columns)}.");
        }
    }

    /// <exception cref="IngestException">The object cannot be downloaded, is too large, or cannot be parsed; the message names its key.</exception>
    private static async Task<OpenObject> OpenObjectAsync(IAmazonS3 client, S3Listing listing, S3ObjectInfo info, S3ReadSettings settings, CancellationToken cancellationToken)
    {
        var format = RecordReaders.FormatOf(info.Key);
        if (info.Size > settings.MaxObjectBytes)
        {
            throw TooLarge(info, settings.MaxObjectBytes);
        }
        Directory.CreateDirectory(settings.TempFolder);
        var path = Path.Combine(settings.TempFolder, $"s3-{Guid.NewGuid():N}{Path.GetExtension(info.Key).ToLowerInvariant()}");
        FileStream? stream = null;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await DownloadAsync(client, listing, info, stream, settings.MaxObjectBytes, cancellationToken);
            stream.Position = 0;
            IRecordReader reader;
            try
            {
                reader = await RecordReaders.OpenAsync(stream, format, settings.Options, cancellationToken);
            }
            catch (IngestException e)
            {
                throw new IngestException($"{info.Key}: {e.Message}", e.Row, e.Field, e);
            }
            return new OpenObject(info, stream, reader);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
            File.Delete(path);
            throw;
        }
    }

    private static async Task DownloadAsync(IAmazonS3 client, S3Listing listing, S3ObjectInfo info, Stream target, long limit, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = listing.Bucket, Key = info.Key }, cancellationToken);
            await using var body = response.ResponseStream;
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    throw TooLarge(info with { Size = total }, limit);
                }
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            await target.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not IngestException && S3Errors.IsS3Failure(e, cancellationToken))
        {
            var (_, message) = S3Errors.Describe(e, listing.Connection, listing.Bucket, info.Key);
            throw new IngestException(message, row: null, field: null, e);
        }
    }

    private static IngestException TooLarge(S3ObjectInfo info, long limit) =>
        new($"{info.Key} is larger than the limit of {limit / (1024 * 1024):N0} MB for one object (Annotate:MaxUploadBytes).");

    /// <summary>A downloaded object and its reader; disposing deletes the download.</summary>
    private sealed class OpenObject(S3ObjectInfo info, FileStream stream, IRecordReader reader) : IAsyncDisposable
    {
        public S3ObjectInfo Info => info;

        public FileStream Stream => stream;

        public IRecordReader Reader => reader;

        public bool Closed { get; private set; }

        public async ValueTask DisposeAsync()
        {
            if (Closed)
            {
                return;
            }
            Closed = true;
            await reader.DisposeAsync();
            await stream.DisposeAsync();
        }
    }
}
