using Annotate.Core.Ingest;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Imports.Sources;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;

namespace Annotate.Web.Tests.Imports;

/// <summary>The S3 source on its own, against the test server: the put helper, listing page by page, limits, reading.</summary>
public sealed class S3SourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThePutHelperStoresExactlyTheBytesGiven()
    {
        TestS3.SkipWhenUnavailable();
        using var client = TestS3.CreateClient();
        var bucket = await TestS3.CreateBucketAsync(client);
        byte[] bytes = [.. "hello"u8, 0, 0xFF, .. "\r\nid,text\n"u8];
        await TestS3.PutAsync(client, bucket, "round/trip.bin", bytes);

        using var response = await client.GetObjectAsync(bucket, "round/trip.bin", Ct);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, Ct);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task ListingFollowsEveryPageAndSortsOutFoldersAndUnsupportedTypes()
    {
        TestS3.SkipWhenUnavailable();
        using var client = TestS3.CreateClient();
        var bucket = await TestS3.CreateBucketAsync(client);
        foreach (var key in new[] { "in/a.csv", "in/b.JSONL", "in/c.parquet", "in/d.tsv", "in/e.json", "in/notes.txt", "in/sheet.xlsx", "in/sub/", "in/no-extension", "out/x.csv", "inside.csv" })
        {
            await TestS3.PutAsync(client, bucket, key, "id,text\n1,x\n");
        }

        var listing = await S3ImportSource.ListAsync(client, "lake", bucket, "in/", maxObjects: 100, Ct, pageSize: 2);

        Assert.Equal(["in/a.csv", "in/b.JSONL", "in/c.parquet", "in/d.tsv", "in/e.json"], listing.Objects.Select(o => o.Key));
        Assert.Equal(["in/no-extension", "in/notes.txt", "in/sheet.xlsx"], listing.Unsupported);
        Assert.Equal(3, listing.UnsupportedCount);
        Assert.All(listing.Objects, o => Assert.Equal(12, o.Size));
        Assert.Equal($"s3://{bucket}/in/", listing.Location);
    }

    [Fact]
    public async Task MoreObjectsThanTheLimitAreRefused()
    {
        TestS3.SkipWhenUnavailable();
        using var client = TestS3.CreateClient();
        var bucket = await TestS3.CreateBucketAsync(client);
        for (var i = 0; i < 4; i++)
        {
            await TestS3.PutAsync(client, bucket, $"p/{i}.csv", "id,text\n1,x\n");
        }

        var e = await Assert.ThrowsAsync<InputException>(() => S3ImportSource.ListAsync(client, "lake", bucket, "p/", maxObjects: 3, Ct, pageSize: 2));
        Assert.Contains("more than 3 objects", e.Message);
        Assert.Contains("Prefix", e.Errors.Keys);
    }

    [Fact]
    public async Task ObjectsAreReadInKeyOrderWithRowsNumberedPerObjectAndTheDownloadsAreDeleted()
    {
        TestS3.SkipWhenUnavailable();
        using var client = TestS3.CreateClient();
        var bucket = await TestS3.CreateBucketAsync(client);
        await TestS3.PutAsync(client, bucket, "r/1.csv", "id,text\n1,one\n2,two\n");
        // Latin-1 bytes: detected as they are for an uploaded file, because the object is read from a seekable download.
        await TestS3.PutAsync(client, bucket, "r/2.csv", System.Text.Encoding.Latin1.GetBytes("id,text\n3,café\n"));
        var temp = Directory.CreateTempSubdirectory("annotate-s3-").FullName;
        try
        {
            var listing = await S3ImportSource.ListAsync(client, "lake", bucket, "r/", 10, Ct);
            var records = new List<SourcedRecord>();
            var fractions = new List<double>();
            await using (var source = await S3ImportSource.OpenAsync(client, listing, new S3ReadSettings(null, 1 << 20, temp, ["text"]), Ct))
            {
                Assert.Equal(["id", "text"], source.Columns);
                Assert.Equal("s3", source.Kind);
                await foreach (var record in source.ReadAsync(Ct))
                {
                    records.Add(record);
                    fractions.Add(source.Fraction);
                }
                Assert.Equal(1, source.Fraction);
            }

            Assert.Equal([("r/1.csv", 1L, "one"), ("r/1.csv", 2L, "two"), ("r/2.csv", 1L, "café")],
                records.Select(r => (r.SourceName, r.Result.Record!.Row, r.Result.Record.Fields["text"])));
            Assert.Equal(fractions.Order(), fractions);
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task KeysWithSpacesAndNonAsciiCharactersAreListedAndReadAsTheyAre()
    {
        TestS3.SkipWhenUnavailable();
        using var client = TestS3.CreateClient();
        var bucket = await TestS3.CreateBucketAsync(client);
        const string key = "exports 2024/Ümlaut & co+plus (1).csv";
        await TestS3.PutAsync(client, bucket, key, "id,text\n1,hello\n");

        var listing = await S3ImportSource.ListAsync(client, "lake", bucket, "exports 2024/", 10, Ct);
        Assert.Equal(key, Assert.Single(listing.Objects).Key);
        await using var source = await S3ImportSource.OpenAsync(client, listing, new S3ReadSettings(null, 1 << 20, Path.GetTempPath()), Ct);
        var records = new List<SourcedRecord>();
        await foreach (var record in source.ReadAsync(Ct))
        {
            records.Add(record);
        }
        Assert.Equal(key, Assert.Single(records).SourceName);
    }

    [Fact]
    public async Task AnObjectOverTheSizeLimitIsNamed()
    {
        TestS3.SkipWhenUnavailable();
        using var client = TestS3.CreateClient();
        var bucket = await TestS3.CreateBucketAsync(client);
        await TestS3.PutAsync(client, bucket, "big/huge.csv", "id,text\n" + new string('x', 5000) + "\n");
        var listing = await S3ImportSource.ListAsync(client, "lake", bucket, "big/", 10, Ct);

        var e = await Assert.ThrowsAsync<IngestException>(() =>
            S3ImportSource.OpenAsync(client, listing, new S3ReadSettings(null, 1000, Path.GetTempPath()), Ct));
        Assert.Contains("big/huge.csv is larger than the limit", e.Message);
    }
}
