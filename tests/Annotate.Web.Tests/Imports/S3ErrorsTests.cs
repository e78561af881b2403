using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Annotate.Web.Features.Imports;

namespace Annotate.Web.Tests.Imports;

/// <summary>What the S3 SDK throws becomes a sentence naming the bucket or object and the request field it concerns.</summary>
public sealed class S3ErrorsTests
{
    private static AmazonS3Exception S3(string code, HttpStatusCode status) => new($"{code} message") { ErrorCode = code, StatusCode = status };

    [Fact]
    public void ServerAnswersNameTheBucketOrObject()
    {
        Assert.Equal(("Bucket", "The bucket 'b' does not exist on the S3 connection 'lake'."),
            S3Errors.Describe(S3("NoSuchBucket", HttpStatusCode.NotFound), "lake", "b", null));
        Assert.Equal(("Prefix", "The object 'in/a.csv' in bucket 'b' does not exist (any more)."),
            S3Errors.Describe(S3("NoSuchKey", HttpStatusCode.NotFound), "lake", "b", "in/a.csv"));
        Assert.Equal(("Bucket", "Access to the object 'in/a.csv' in bucket 'b' was denied: the S3 connection 'lake' may not read it (AccessDenied)."),
            S3Errors.Describe(S3("AccessDenied", HttpStatusCode.Forbidden), "lake", "b", "in/a.csv"));
        Assert.Equal("Connection", S3Errors.Describe(S3("SignatureDoesNotMatch", HttpStatusCode.Forbidden), "lake", "b", null).Field);
        Assert.Equal(("Bucket", "The S3 connection 'lake' answered 503 SlowDown for the bucket 'b': SlowDown message"),
            S3Errors.Describe(S3("SlowDown", HttpStatusCode.ServiceUnavailable), "lake", "b", null));
    }

    [Fact]
    public void NetworkFailuresBlameTheConnection()
    {
        var refused = new HttpRequestException("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));
        var (field, message) = S3Errors.Describe(refused, "lake", "b", null);
        Assert.Equal("Connection", field);
        Assert.StartsWith("The S3 endpoint of the connection 'lake' cannot be reached: ", message);

        Assert.True(S3Errors.IsS3Failure(refused, CancellationToken.None));
        Assert.True(S3Errors.IsS3Failure(S3("NoSuchKey", HttpStatusCode.NotFound), CancellationToken.None));
        Assert.True(S3Errors.IsS3Failure(new TaskCanceledException("timeout"), CancellationToken.None));
        Assert.False(S3Errors.IsS3Failure(new TaskCanceledException("cancelled"), new CancellationToken(canceled: true)));
        Assert.False(S3Errors.IsS3Failure(new InvalidOperationException("a bug"), CancellationToken.None));
    }
}
