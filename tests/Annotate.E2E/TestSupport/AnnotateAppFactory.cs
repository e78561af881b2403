using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Annotate.E2E.TestSupport;

/// <summary>The real app, configured for one throwaway SQLite file and data folder.</summary>
internal sealed class AnnotateAppFactory(string dataDirectory, ServerLog log) : WebApplicationFactory<Program>
{
    public string DatabasePath => Path.Combine(dataDirectory, "annotate.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development serves static web assets straight from the build output (see STACK_NOTES §2).
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Annotate", $"Data Source={DatabasePath};Default Timeout=30;Pooling=True");
        builder.UseSetting("Annotate:DataDirectory", dataDirectory);
        builder.UseSetting("Annotate:AllowSelfRegistration", "false");
        // The S3 test server, when ./test.sh runs one (ANNOTATE_TEST_S3), as the connection "lake".
        if (Environment.GetEnvironmentVariable("ANNOTATE_TEST_S3") is { Length: > 0 } s3)
        {
            builder.UseSetting("Annotate:S3Connections:lake:ServiceUrl", s3);
            builder.UseSetting("Annotate:S3Connections:lake:AccessKey", "S3RVER");
            builder.UseSetting("Annotate:S3Connections:lake:SecretKey", "S3RVER");
            builder.UseSetting("Annotate:S3Connections:lake:ForcePathStyle", "true");
        }
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(log);
            logging.SetMinimumLevel(LogLevel.Warning);
            // Known noise with an http-only test server.
            logging.AddFilter("Microsoft.AspNetCore.HttpsPolicy", LogLevel.Error);
        });
    }
}
