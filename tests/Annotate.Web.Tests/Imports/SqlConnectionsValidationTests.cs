using Annotate.Web.Features.Imports.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Annotate.Web.Tests.Imports;

/// <summary>A mistake in the admin's SQL connections stops the app at start with a message naming the key.</summary>
public class SqlConnectionsValidationTests
{
    private static SqlConnectionsOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{SqlConnectionsOptions.SectionName}:{s.Key}", s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<SqlConnectionsOptions>().BindConfiguration(SqlConnectionsOptions.SectionName);
        return services.BuildServiceProvider().GetRequiredService<IOptions<SqlConnectionsOptions>>().Value;
    }

    [Fact]
    public void ValidConnectionsBindByNameWithDefaults()
    {
        var options = Bind(
            ("crm:Provider", "PostgreSQL"), ("crm:ConnectionString", "Host=db;Database=crm;Username=reader"), ("crm:MaxRows", "500000"),
            ("Notes:Provider", "sqlite"), ("Notes:ConnectionString", "Data Source=/srv/notes.db"));

        Assert.True(new SqlConnectionsValidation().Validate(null, options).Succeeded);
        Assert.Equal(SqlProvider.PostgreSql, options["crm"].ParsedProvider);
        Assert.Equal(500_000, options["crm"].MaxRows);
        Assert.Equal(60, options["notes"].CommandTimeoutSeconds);
        Assert.Null(options["notes"].MaxRows);
        Assert.Equal(SqlProvider.Sqlite, options["NOTES"].ParsedProvider);
    }

    [Fact]
    public void EachMistakeIsNamedByItsKey()
    {
        var options = Bind(
            ("mysql:Provider", "MySql"), ("mysql:ConnectionString", "Server=x"),
            ("empty:Provider", "Sqlite"),
            ("typo:Provider", "Postgres"), ("typo:ConnectionString", "Hots=db"),
            ("zero:Provider", "Sqlite"), ("zero:ConnectionString", "Data Source=a.db"), ("zero:CommandTimeoutSeconds", "0"), ("zero:MaxRows", "0"));

        var result = new SqlConnectionsValidation().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains("Annotate:SqlConnections:mysql:Provider is 'MySql'; it must be Sqlite or PostgreSQL.", failures);
        Assert.Contains("Annotate:SqlConnections:empty:ConnectionString is empty.", failures);
        Assert.Contains(failures, f => f.StartsWith("Annotate:SqlConnections:typo:ConnectionString is not a valid PostgreSql connection string", StringComparison.Ordinal)
            && f.Contains("hots", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Annotate:SqlConnections:zero:CommandTimeoutSeconds is 0; it must be at least 1.", failures);
        Assert.Contains("Annotate:SqlConnections:zero:MaxRows is 0; leave it out for no limit, or set at least 1.", failures);
        Assert.Equal(5, failures.Count);
    }

    [Theory]
    [InlineData(null, "SELECT id,\n  text\nFROM comments", "crm: SELECT id, text FROM comments")]
    [InlineData("  recent  ", "SELECT 1", "crm: recent")]
    [InlineData(null, "SELECT aaaaaaaaaa, bbbbbbbbbb, cccccccccc, dddddddddd, eeeeeeeeee, ffffffffff FROM t",
        "crm: SELECT aaaaaaaaaa, bbbbbbbbbb, cccccccccc, dddddddddd, eeeee…")]
    public void ItemsNameTheirSourceByConnectionAndQueryNameOrStart(string? name, string statement, string expected) =>
        Assert.Equal(expected, SqlImportService.SourceNameOf("crm", name, statement));
}
