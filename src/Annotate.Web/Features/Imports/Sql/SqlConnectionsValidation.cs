using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Annotate.Web.Features.Imports.Sql;

/// <summary>Checks the configured SQL connections at start, so a typo stops the app with a message naming the key.</summary>
public sealed class SqlConnectionsValidation : IValidateOptions<SqlConnectionsOptions>
{
    public ValidateOptionsResult Validate(string? name, SqlConnectionsOptions options)
    {
        var failures = new List<string>();
        foreach (var (connection, settings) in options)
        {
            var key = $"{SqlConnectionsOptions.SectionName}:{connection}";
            if (settings.ParsedProvider is not { } provider)
            {
                failures.Add($"{key}:Provider is '{settings.Provider}'; it must be Sqlite or PostgreSQL.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                failures.Add($"{key}:ConnectionString is empty.");
            }
            else
            {
                try
                {
                    _ = provider == SqlProvider.Sqlite
                        ? new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource
                        : new NpgsqlConnectionStringBuilder(settings.ConnectionString).Host;
                }
                catch (ArgumentException e)
                {
                    failures.Add($"{key}:ConnectionString is not a valid {provider} connection string: {e.Message}");
                }
            }
            if (settings.CommandTimeoutSeconds < 1)
            {
                failures.Add($"{key}:CommandTimeoutSeconds is {settings.CommandTimeoutSeconds}; it must be at least 1.");
            }
            if (settings.MaxRows is < 1)
            {
                failures.Add($"{key}:MaxRows is {settings.MaxRows}; leave it out for no limit, or set at least 1.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
