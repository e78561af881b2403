using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Annotate.Core.Ingest.WebPages;
using Microsoft.Extensions.Options;

namespace Annotate.Web.Features.Imports.WebPages;

/// <summary>
/// Fetches web pages for imports without letting a Manager reach what only the server can: only http and https; the
/// address is checked when the connection is made (after the server's own DNS lookup, so a name that re-resolves to an
/// internal address is still refused) and again on every redirect, which are followed here, at most
/// <see cref="WebFetchOptions.MaxRedirects"/>; a total timeout; a size limit counted while reading (a Content-Length
/// is not trusted); HTML and plain text only.
/// </summary>
public sealed class SafeHttpFetcher : IDisposable
{
    public const string UserAgent = "Annotate/1.0 (+self-hosted)";

    private const string AllowSetting = "Annotate:WebFetch:AllowPrivateAddresses";

    private static readonly HashSet<string> AcceptedTypes = new(StringComparer.OrdinalIgnoreCase) { "text/html", "application/xhtml+xml", "text/plain" };

    private readonly IOptions<WebFetchOptions> options;
    private readonly TimeProvider time;
    private readonly HttpClient client;

    public SafeHttpFetcher(IOptions<WebFetchOptions> options, TimeProvider time)
    {
        this.options = options;
        this.time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A proxy would make the connection, and the address check, somewhere else.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 64,
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Fetches <paramref name="url"/>, following redirects, and decodes its body.</summary>
    /// <exception cref="WebFetchException">The page was not fetched; the message says why.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FetchedPage> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            return await FetchFollowingRedirectsAsync(url, settings, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WebFetchException($"timed out after {settings.TimeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            throw new WebFetchException(Describe(e));
        }
        catch (IOException e)
        {
            // HttpIOException and socket errors while the body streams in.
            throw new WebFetchException($"the connection broke while reading the page ({e.Message})");
        }
    }

    private async Task<FetchedPage> FetchFollowingRedirectsAsync(Uri url, WebFetchOptions settings, CancellationToken cancellationToken)
    {
        var current = url;
        for (var redirects = 0; ; redirects++)
        {
            if (!UrlList.IsHttp(current))
            {
                throw new WebFetchException(redirects == 0 ? "not an http(s) URL" : $"redirected to {current}, which is not an http(s) URL");
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.UserAgent.ParseAdd(UserAgent);
            request.Headers.Accept.ParseAdd("text/html, application/xhtml+xml, text/plain;q=0.9");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                if (response.Headers.Location is not { } location)
                {
                    throw new WebFetchException($"HTTP {status} redirect without a Location");
                }
                if (redirects >= settings.MaxRedirects)
                {
                    throw new WebFetchException($"more than {settings.MaxRedirects} redirects");
                }
                current = location.IsAbsoluteUri ? location : new Uri(current, location);
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new WebFetchException($"HTTP {status} {response.ReasonPhrase ?? response.StatusCode.ToString()}".TrimEnd());
            }
            var contentType = response.Content.Headers.ContentType;
            var mediaType = contentType?.MediaType?.ToLowerInvariant();
            if (mediaType is null || !AcceptedTypes.Contains(mediaType))
            {
                throw new WebFetchException(mediaType is null ? "unsupported content type (the server named none)" : $"unsupported content type {mediaType}");
            }
            var body = await ReadLimitedAsync(response.Content, settings.MaxBytes, cancellationToken);
            var text = PageEncoding.Decode(body, contentType!.CharSet, isHtml: mediaType != "text/plain");
            var language = response.Content.Headers.ContentLanguage.FirstOrDefault();
            return new FetchedPage(url, current, mediaType, text, language, time.GetUtcNow());
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            throw new WebFetchException($"larger than {Size(limit)}");
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > limit)
            {
                throw new WebFetchException($"larger than {Size(limit)}");
            }
            body.Write(buffer, 0, read);
        }
        return body.ToArray();
    }

    /// <summary>Resolves the host itself and connects only to addresses the policy allows.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.TrimStart('[').TrimEnd(']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException e)
            {
                throw new FetchRefusedException($"the host name {host} could not be resolved ({e.SocketErrorCode})");
            }
        }
        if (addresses.Length == 0)
        {
            throw new FetchRefusedException($"the host name {host} has no address");
        }
        if (!options.Value.AllowPrivateAddresses)
        {
            var allowed = addresses.Where(a => AddressPolicy.BlockReason(a) is null).ToArray();
            if (allowed.Length == 0)
            {
                var blocked = addresses[0];
                var shown = blocked.ToString() == host ? host : $"{host} ({blocked})";
                throw new FetchRefusedException($"blocked: {shown} is {AddressPolicy.BlockReason(blocked)} (set {AllowSetting} to allow)");
            }
            addresses = allowed;
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is FetchRefusedException refused)
            {
                return refused.Message;
            }
        }
        var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        return e.HttpRequestError switch
        {
            HttpRequestError.ConnectionError when socket is not null => $"could not connect ({socket.SocketErrorCode})",
            HttpRequestError.ConnectionError => "could not connect",
            HttpRequestError.SecureConnectionError => "the secure (TLS) connection failed",
            HttpRequestError.NameResolutionError => "the host name could not be resolved",
            HttpRequestError.ResponseEnded => "the server closed the connection before the page was complete",
            HttpRequestError.ConfigurationLimitExceeded => "the server's response headers are too large",
            HttpRequestError.InvalidResponse => "the server's response is not valid HTTP",
            _ => e.Message,
        };
    }

    private static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024):N0} MB"
        : bytes % 1024 == 0 ? $"{bytes / 1024:N0} KB"
        : $"{bytes:N0} bytes";

    public void Dispose() => client.Dispose();

    /// <summary>Thrown from the connect step; the HTTP stack wraps it, <see cref="Describe"/> unwraps it.</summary>
    private sealed class FetchRefusedException(string message) : Exception(message);
}
