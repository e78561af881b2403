using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>
/// A tiny website on 127.0.0.1 (real Kestrel, a free port) for web-page imports: an article, plain text, a legacy
/// encoding, redirect chains, a 404, a page that never answers, a body larger than the limit sent without a length,
/// an image and a page without text.
/// </summary>
public sealed class TestPages : IAsyncLifetime
{
    public const string ArticleHtml = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <title>Storm floods the valley</title>
          <meta name="description" content="Rivers burst their banks.">
          <script>var tracking = "secret-tracking-code";</script>
          <style>.menu { color: red }</style>
        </head>
        <body>
          <div class="cookie-banner">We use cookies to improve your experience.</div>
          <header><a href="/">Valley News</a><nav><a href="/sport">Sport section</a> <a href="/weather">Weather section</a></nav></header>
          <article>
            <h1>Storm floods the valley</h1>
            <p>Heavy rain overnight sent the river over its banks &amp; into the high street.</p>
            <p>The council opened two shelters.</p>
          </article>
          <aside>Most read: unrelated gossip</aside>
          <footer>Copyright Valley News</footer>
        </body>
        </html>
        """;

    private WebApplication? app;

    /// <summary>Where the site runs, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public string Url(string path) => BaseUrl + path;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();

        app.MapGet("/article", () => Results.Content(ArticleHtml, "text/html; charset=utf-8"));
        app.MapGet("/second", () => Results.Content(
            "<html><head><title>Second page</title></head><body><main><p>Another story about the valley.</p></main></body></html>", "text/html"));
        app.MapGet("/plain", () => Results.Text("Plain notes.\nSecond line.", "text/plain; charset=utf-8"));
        app.MapGet("/legacy", () => Results.Bytes(
            [.. "<html><head><meta charset=\"windows-1252\"><title>Caf"u8, 0xE9, .. "</title></head><body><p>Un caf"u8, 0xE9, .. " cr"u8, 0xE8, .. "me.</p></body></html>"u8],
            "text/html"));
        app.MapGet("/redirect/{count:int}", (int count) => Results.Redirect(count <= 1 ? "/article" : $"/redirect/{count - 1}"));
        app.MapGet("/to-ftp", () => Results.Redirect("ftp://127.0.0.1/file.txt"));
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/slow", async (HttpContext context) =>
        {
            // Never answers: waits until the client gives up.
            var aborted = new TaskCompletionSource();
            using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
            await aborted.Task;
        });
        app.MapGet("/huge", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html";
            var chunk = Encoding.ASCII.GetBytes("<p>" + new string('x', 64 * 1024 - 7) + "</p>");
            try
            {
                // 4 MB in chunks, with no Content-Length: the limit must be counted while reading.
                for (var i = 0; i < 64; i++)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
            }
        });
        app.MapGet("/image", () => Results.Bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"));
        app.MapGet("/empty", () => Results.Content("<html><head><title>Nothing here</title></head><body><nav>Only a menu</nav></body></html>", "text/html"));

        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = address.TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
