using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Annotate.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Annotate.Web.Features.Imports;

/// <summary>
/// The S3 connections an admin configured (<c>Annotate:S3Connections</c>), and one reusable client for each. Managers
/// refer to a connection by name only; the endpoint's keys stay in the configuration.
/// </summary>
public sealed class S3Connections(IOptions<AnnotateOptions> options) : IDisposable
{
    public const string ConfigurationKey = "Annotate:S3Connections";

    private readonly ConcurrentDictionary<string, Lazy<IAmazonS3>> clients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configured names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. options.Value.S3Connections.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The client for the connection called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="InputException">(field Connection) No connection has that name, or its configuration is incomplete.</exception>
    public IAmazonS3 Get(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InputException("Connection", "Choose an S3 connection.");
        }
        if (!options.Value.S3Connections.TryGetValue(name, out var settings))
        {
            var names = Names;
            throw new InputException("Connection", names.Count == 0
                ? $"There is no S3 connection named '{name}': none is configured (an admin adds them under {ConfigurationKey})."
                : $"There is no S3 connection named '{name}'. The configured ones are: {string.Join(", ", names)}.");
        }
        var client = clients.GetOrAdd(name, key => new Lazy<IAmazonS3>(() => Create(key, settings)));
        try
        {
            return client.Value;
        }
        catch (InputException)
        {
            clients.TryRemove(name, out _);
            throw;
        }
    }

    private static AmazonS3Client Create(string name, S3ConnectionOptions settings)
    {
        var where = $"{ConfigurationKey}:{name}";
        var region = string.IsNullOrWhiteSpace(settings.Region) ? "us-east-1" : settings.Region.Trim();
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            // Failing fast is better than a preview that hangs: two retries, then the error is shown.
            MaxErrorRetry = 2,
        };
        if (string.IsNullOrWhiteSpace(settings.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            if (!Uri.TryCreate(settings.ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new InputException("Connection", $"The S3 connection '{name}' is misconfigured: {where}:ServiceUrl must be an http or https URL. Ask an admin to fix it.");
            }
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }

        var hasKey = !string.IsNullOrWhiteSpace(settings.AccessKey);
        var hasSecret = !string.IsNullOrWhiteSpace(settings.SecretKey);
        if (hasKey != hasSecret)
        {
            throw new InputException("Connection", $"The S3 connection '{name}' is misconfigured: set both {where}:AccessKey and SecretKey, or neither. Ask an admin to fix it.");
        }
        return hasKey
            ? new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey), config)
            : new AmazonS3Client(config);
    }

    public void Dispose()
    {
        foreach (var client in clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
        clients.Clear();
    }
}
