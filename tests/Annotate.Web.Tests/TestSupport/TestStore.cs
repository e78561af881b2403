using Annotate.Data;
using Npgsql;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>
/// A throw-away database for one fixture: an SQLite file in a temp folder, or a fresh database on the PostgreSQL
/// server named by ANNOTATE_TEST_POSTGRES (./test.sh starts one on loopback and sets it).
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string PostgresVariable = "ANNOTATE_TEST_POSTGRES";

    private readonly string? adminConnectionString;
    private readonly string? databaseName;

    private TestStore(DatabaseProvider provider, string connectionString, string folder, string? adminConnectionString, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Folder = folder;
        this.adminConnectionString = adminConnectionString;
        this.databaseName = databaseName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>A temp folder for this fixture (data directory, SQLite file).</summary>
    public string Folder { get; }

    /// <summary>Whether PostgreSQL tests can run here; when false, <see cref="MissingPostgresMessage"/> says why.</summary>
    public static bool PostgresAvailable => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    /// <summary>Under ./test.sh a missing server is a failure, not a skip.</summary>
    public static bool PostgresRequired => Environment.GetEnvironmentVariable("ANNOTATE_TEST_REQUIRE_POSTGRES") == "1";

    public const string MissingPostgresMessage =
        "PostgreSQL tests need a server: set ANNOTATE_TEST_POSTGRES to a connection string (./test.sh starts one on loopback).";

    public static async Task<TestStore> CreateAsync(DatabaseProvider provider)
    {
        var folder = Directory.CreateTempSubdirectory("annotate-test-").FullName;
        if (provider == DatabaseProvider.Sqlite)
        {
            return new TestStore(provider, $"Data Source={Path.Combine(folder, "annotate.db")};Default Timeout=30", folder, null, null);
        }
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(MissingPostgresMessage);
        }
        var name = $"annotate_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestStore(provider, builder.ConnectionString, folder, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (adminConnectionString is not null && databaseName is not null)
        {
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing background task; the OS temp cleaner takes it.
        }
    }
}
