using Annotate.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>
/// The databases SQL imports read in tests, made by the tests: an SQLite file in a temp folder and, when a PostgreSQL
/// server is configured (ANNOTATE_TEST_POSTGRES), a fresh database on it. Both hold the same <c>comments</c> table.
/// </summary>
public sealed class SqlSourceDatabases : IAsyncDisposable
{
    public const int Rows = 50;
    public const string Sqlite = "local";
    public const string Postgres = "warehouse";
    public const string Capped = "capped";
    public const int CappedRows = 10;
    public const string SlowSqlite = "slow-local";
    public const string SlowPostgres = "slow-warehouse";
    public const string Missing = "missing";

    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly string? adminConnectionString;
    private readonly string? postgresDatabase;

    private SqlSourceDatabases(string folder, string? adminConnectionString, string? postgresDatabase)
    {
        Folder = folder;
        this.adminConnectionString = adminConnectionString;
        this.postgresDatabase = postgresDatabase;
    }

    /// <summary>The temp folder of the SQLite file; nothing else should ever appear in it.</summary>
    public string Folder { get; }

    public string SqliteConnectionString => $"Data Source={Path.Combine(Folder, "source.db")}";

    public string? PostgresConnectionString => adminConnectionString is null
        ? null
        : new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = postgresDatabase }.ConnectionString;

    public bool HasPostgres => adminConnectionString is not null;

    /// <summary>The connections the app is configured with.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings
    {
        get
        {
            IEnumerable<KeyValuePair<string, string?>> Connection(string name, string provider, string connectionString, int timeout = 60, long? maxRows = null)
            {
                var key = $"Annotate:SqlConnections:{name}";
                yield return new($"{key}:Provider", provider);
                yield return new($"{key}:ConnectionString", connectionString);
                yield return new($"{key}:CommandTimeoutSeconds", timeout.ToString());
                if (maxRows is not null)
                {
                    yield return new($"{key}:MaxRows", maxRows.ToString());
                }
            }
            var settings = Connection(Sqlite, "Sqlite", SqliteConnectionString)
                .Concat(Connection(Capped, "Sqlite", SqliteConnectionString, maxRows: CappedRows))
                .Concat(Connection(SlowSqlite, "Sqlite", SqliteConnectionString, timeout: 1))
                .Concat(Connection(Missing, "Sqlite", $"Data Source={Path.Combine(Folder, "missing.db")}"));
            if (PostgresConnectionString is { } postgres)
            {
                settings = settings
                    .Concat(Connection(Postgres, "PostgreSQL", postgres))
                    .Concat(Connection(SlowPostgres, "PostgreSQL", postgres, timeout: 1));
            }
            return settings.ToList();
        }
    }

    public static string TextOf(int id) => $"Comment {id}: the delivery was {(id % 2 == 0 ? "late" : "on time")} and item {id * 7} matched";

    public static string LabelOf(int id) => id % 3 == 0 ? "spam" : "ham";

    public static string AuthorOf(int id) => $"author{id % 5}";

    public static DateTime CreatedOf(int id) => Start.AddHours(id);

    /// <summary>Every fourth row has no note (SQL NULL).</summary>
    public static string? NoteOf(int id) => id % 4 == 0 ? null : $"note {id}";

    public static async Task<SqlSourceDatabases> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("annotate-sql-source-").FullName;
        await using (var sqlite = new SqliteConnection($"Data Source={Path.Combine(folder, "source.db")};Pooling=False"))
        {
            await sqlite.OpenAsync();
            await FillAsync(sqlite, "CREATE TABLE comments (id INTEGER PRIMARY KEY, text TEXT NOT NULL, label TEXT, created TEXT, author TEXT, note TEXT)",
                id => CreatedOf(id).ToString("yyyy-MM-dd HH:mm:ss"));
        }
        var admin = Environment.GetEnvironmentVariable(TestStore.PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            return new SqlSourceDatabases(folder, null, null);
        }
        var name = $"annotate_source_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var databases = new SqlSourceDatabases(folder, admin, name);
        await using (var postgres = new NpgsqlConnection(databases.PostgresConnectionString))
        {
            await postgres.OpenAsync();
            await FillAsync(postgres, "CREATE TABLE comments (id integer PRIMARY KEY, text text NOT NULL, label text, created timestamptz, author text, note text)",
                id => CreatedOf(id));
            // A function and a sequence: no text check can see that calling them writes.
            await using var function = new NpgsqlCommand(
                "CREATE FUNCTION add_comment(t text) RETURNS text LANGUAGE sql AS $$ INSERT INTO comments (id, text) VALUES (999, t) RETURNING text $$; " +
                "CREATE SEQUENCE tickets",
                postgres);
            await function.ExecuteNonQueryAsync();
        }
        return databases;
    }

    private static async Task FillAsync(System.Data.Common.DbConnection connection, string createTable, Func<int, object> created)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = createTable;
            await create.ExecuteNonQueryAsync();
        }
        for (var id = 1; id <= Rows; id++)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO comments (id, text, label, created, author, note) VALUES (@id, @text, @label, @created, @author, @note)";
            void Add(string name, object? value)
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                insert.Parameters.Add(parameter);
            }
            Add("id", id);
            Add("text", TextOf(id));
            Add("label", LabelOf(id));
            Add("created", created(id));
            Add("author", AuthorOf(id));
            Add("note", NoteOf(id));
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    /// <summary>What the source table holds now (row count and a digest of its text), read over a normal connection.</summary>
    public async Task<string> FingerprintAsync(DatabaseProvider provider)
    {
        await using System.Data.Common.DbConnection connection = provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(SqliteConnectionString + ";Pooling=False")
            : new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), sum(length(text)), max(id) FROM comments";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"{reader.GetValue(0)} rows, {reader.GetValue(1)} characters, max id {reader.GetValue(2)}";
    }

    public static string ExpectedFingerprint =>
        $"{Rows} rows, {Enumerable.Range(1, Rows).Sum(id => TextOf(id).Length)} characters, max id {Rows}";

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (adminConnectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
