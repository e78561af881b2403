using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace Annotate.Web.Features.Imports;

/// <summary>Turns what the S3 SDK throws into a sentence a Manager can act on, naming the bucket or object.</summary>
public static class S3Errors
{
    /// <summary>Whether <paramref name="e"/> is a failure of the S3 call (server answer, network), not a bug or a cancel.</summary>
    public static bool IsS3Failure(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // a timeout, not the user
        AmazonServiceException or AmazonClientException or HttpRequestException or SocketException or IOException => true,
        _ => false,
    };

    /// <summary>What went wrong, and the request field it concerns (Connection, Bucket or Prefix).</summary>
    /// <param name="connection">The connection's name.</param>
    /// <param name="key">The object being read, if any.</param>
    public static (string Field, string Message) Describe(Exception e, string connection, string bucket, string? key)
    {
        var what = key is null ? $"bucket '{bucket}'" : $"object '{key}' in bucket '{bucket}'";
        if (Find<AmazonS3Exception>(e) is { } s3)
        {
            return s3.ErrorCode switch
            {
                "NoSuchBucket" => ("Bucket", $"The bucket '{bucket}' does not exist on the S3 connection '{connection}'."),
                "NoSuchKey" => ("Prefix", $"The {what} does not exist (any more)."),
                "AccessDenied" or "AllAccessDisabled" or "AccountProblem" =>
                    ("Bucket", $"Access to the {what} was denied: the S3 connection '{connection}' may not read it ({s3.ErrorCode})."),
                "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidToken" or "ExpiredToken" or "InvalidSecurity" =>
                    ("Connection", $"The S3 server refused the credentials of the connection '{connection}' ({s3.ErrorCode}); an admin must fix them."),
                "InvalidBucketName" => ("Bucket", $"'{bucket}' is not a valid bucket name."),
                _ => (key is null ? "Bucket" : "Prefix",
                    $"The S3 connection '{connection}' answered {(int)s3.StatusCode} {Code(s3)} for the {what}: {s3.Message}"),
            };
        }
        if (Find<AmazonServiceException>(e) is { StatusCode: not 0 } service)
        {
            return service.StatusCode switch
            {
                HttpStatusCode.NotFound => ("Bucket", $"The {what} was not found on the S3 connection '{connection}'."),
                HttpStatusCode.Forbidden => ("Bucket", $"Access to the {what} was denied: the S3 connection '{connection}' may not read it."),
                _ => ("Bucket", $"The S3 connection '{connection}' answered {(int)service.StatusCode} {Code(service)} for the {what}: {service.Message}"),
            };
        }
        if (Find<HttpRequestException>(e) is { } http)
        {
            return ("Connection", $"The S3 endpoint of the connection '{connection}' cannot be reached: {Innermost(http).Message}");
        }
        if (Find<SocketException>(e) is { } socket)
        {
            return ("Connection", $"The S3 endpoint of the connection '{connection}' cannot be reached: {socket.Message}");
        }
        if (e is OperationCanceledException or TimeoutException)
        {
            return ("Connection", $"The S3 endpoint of the connection '{connection}' did not answer in time while reading the {what}.");
        }
        return (key is null ? "Bucket" : "Prefix", $"Reading the {what} on the S3 connection '{connection}' failed: {Innermost(e).Message}");
    }

    private static string Code(AmazonServiceException e) => string.IsNullOrEmpty(e.ErrorCode) ? e.StatusCode.ToString() : e.ErrorCode;

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
