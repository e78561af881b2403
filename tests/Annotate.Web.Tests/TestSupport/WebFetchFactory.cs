using System.Globalization;
using Annotate.Data;
using Microsoft.AspNetCore.Hosting;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>The app on SQLite or PostgreSQL with web fetching allowed on loopback (where <see cref="TestPages"/> runs) and small limits.</summary>
public abstract class WebFetchFactory(DatabaseProvider provider) : AnnotateWebFactory(provider)
{
    public const int TimeoutSeconds = 3;

    public const int MaxUrls = 50;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Annotate:WebFetch:AllowPrivateAddresses", "true");
        builder.UseSetting("Annotate:WebFetch:TimeoutSeconds", TimeoutSeconds.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Annotate:WebFetch:MaxBytes", (1024 * 1024).ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Annotate:WebFetch:MaxUrls", MaxUrls.ToString(CultureInfo.InvariantCulture));
    }
}

public sealed class SqliteWebFetchFactory() : WebFetchFactory(DatabaseProvider.Sqlite);

public sealed class PostgresWebFetchFactory() : WebFetchFactory(DatabaseProvider.Postgres);
