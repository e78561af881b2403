using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Annotate.Data;
using Microsoft.AspNetCore.Hosting;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>
/// The S3-compatible server named by ANNOTATE_TEST_S3 (./test.sh starts s3rver on loopback and sets it): a client,
/// fresh buckets, and the one way the tests put objects.
/// </summary>
public static class TestS3
{
    public const string Variable = "ANNOTATE_TEST_S3";

    /// <summary>s3rver's built-in credentials.</summary>
    public const string AccessKey = "S3RVER";

    public const string SecretKey = "S3RVER";

    public const string MissingMessage =
        "S3 tests need an S3-compatible server: set ANNOTATE_TEST_S3 to its URL, e.g. http://127.0.0.1:4569 (./test.sh starts s3rver on loopback).";

    public static string? ServiceUrl => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url : null;

    public static bool Available => ServiceUrl is not null;

    /// <summary>Under ./test.sh a missing server is a failure, not a skip.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("ANNOTATE_TEST_REQUIRE_S3") == "1";

    /// <summary>Skips the calling test when no server is configured, unless ./test.sh requires one (then it fails).</summary>
    public static void SkipWhenUnavailable()
    {
        if (!Available)
        {
            if (Required)
            {
                Assert.Fail(MissingMessage);
            }
            Assert.Skip(MissingMessage);
        }
    }

    public static AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = ServiceUrl ?? throw new InvalidOperationException(MissingMessage),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
    });

    /// <summary>A new, empty bucket with a unique name.</summary>
    public static async Task<string> CreateBucketAsync(IAmazonS3 client)
    {
        var name = $"t-{Guid.NewGuid():N}";
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name }, TestContext.Current.CancellationToken);
        return name;
    }

    /// <summary>
    /// Puts an object. SDK v4 signs bodies with aws-chunked framing by default, which s3rver stores verbatim (a 5-byte
    /// body came back as 298 bytes of "5;chunk-signature=…"): UseChunkEncoding = false sends the plain bytes.
    /// </summary>
    public static Task PutAsync(IAmazonS3 client, string bucket, string key, byte[] bytes) =>
        client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(bytes),
            UseChunkEncoding = false,
        }, TestContext.Current.CancellationToken);

    public static Task PutAsync(IAmazonS3 client, string bucket, string key, string text) =>
        PutAsync(client, bucket, key, System.Text.Encoding.UTF8.GetBytes(text));
}

/// <summary>
/// The app with three S3 connections: "lake" (the test server), "offline" (a closed loopback port) and "wrongkeys"
/// (the test server with an access key it does not know; s3rver does not check SigV4 signatures, so a wrong secret alone
/// would pass).
/// </summary>
public abstract class S3WebFactory(DatabaseProvider provider) : AnnotateWebFactory(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var url = TestS3.ServiceUrl ?? "http://127.0.0.1:9";
        Connection(builder, "lake", url, TestS3.AccessKey, TestS3.SecretKey);
        Connection(builder, "offline", "http://127.0.0.1:9", TestS3.AccessKey, TestS3.SecretKey);
        Connection(builder, "wrongkeys", url, WrongAccessKey, "not-the-secret");
    }

    public const string WrongAccessKey = "NOTAKNOWNKEY";

    private static void Connection(IWebHostBuilder builder, string name, string url, string accessKey, string secret)
    {
        builder.UseSetting($"Annotate:S3Connections:{name}:ServiceUrl", url);
        builder.UseSetting($"Annotate:S3Connections:{name}:AccessKey", accessKey);
        builder.UseSetting($"Annotate:S3Connections:{name}:SecretKey", secret);
        builder.UseSetting($"Annotate:S3Connections:{name}:ForcePathStyle", "true");
    }
}

public sealed class SqliteS3WebFactory() : S3WebFactory(DatabaseProvider.Sqlite);

public sealed class PostgresS3WebFactory() : S3WebFactory(DatabaseProvider.Postgres);
