using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Annotate.Core.Ingest;
using Annotate.Web.Features.Imports.Sources;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Annotate.Web.Features.Imports.Sql;

/// <summary>What a query is run for.</summary>
public enum SqlReadMode
{
    /// <summary>Only the result's columns, to check a mapping: SQLite prepares the query, PostgreSQL describes it; neither runs it.</summary>
    Columns,

    /// <summary>The first rows (PostgreSQL fetches only as many as a preview shows).</summary>
    Preview,

    /// <summary>Every row, for as long as rows keep coming.</summary>
    Import,
}

/// <summary>
/// The rows of one query on a configured connection, streamed, over a read-only connection: SQLite files are opened
/// with <c>Mode=ReadOnly</c> and <c>PRAGMA query_only</c>, and may attach no other database; PostgreSQL runs the query
/// in a read-only transaction that is rolled back at the end. A write is refused by the database itself, whatever the
/// query's text.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Fraction"/> stays 0: a query does not say how many rows it will return, and counting them first would run
/// it twice. Progress shows rows and rows per second instead.
/// </para>
/// <para>
/// On PostgreSQL the rows come through a cursor, a batch at a time (<c>FETCH</c>): stopping early (a preview, a cancel,
/// a failure) then costs nothing, where closing a plain result early makes the driver read all of it. The
/// connection's timeout (<c>statement_timeout</c> on the server, and a watchdog here that also covers SQLite) limits
/// the wait for the next rows, not the whole import: a long import of a big table is not cut off while rows arrive.
/// </para>
/// </remarks>
public sealed class SqlImportSource : IImportSource
{
    private const string ReadOnlyHint = " An SQL source is read-only: it runs one SELECT, and the database refuses any write.";
    private const string Cursor = "annotate_rows";
    private const string DeclareCursor = $"DECLARE {Cursor} NO SCROLL CURSOR FOR ";
    private const int Batch = 1000;

    private readonly string connectionName;
    private readonly SqlConnectionOptions settings;
    private readonly DbConnection connection;
    private readonly TimeSpan wait;
    private readonly CancellationTokenSource watchdog = new();
    private DbTransaction? transaction;
    private DbCommand? command;
    /// <summary>The rows being read: SQLite's whole result, or PostgreSQL's current batch.</summary>
    private DbDataReader? reader;
    private int batchSize;
    private int readInBatch;
    private int positionShift;
    private string[] columns = [];
    private long rows;
    private bool finished;

    private SqlImportSource(string connectionName, SqlConnectionOptions settings, DbConnection connection, string sourceName)
    {
        this.connectionName = connectionName;
        this.settings = settings;
        this.connection = connection;
        SourceName = sourceName;
        wait = TimeSpan.FromSeconds(settings.CommandTimeoutSeconds);
    }

    public string Kind => "sql";

    public IReadOnlyList<string> Columns => columns;

    /// <summary>Always 0: see the remarks.</summary>
    public double Fraction => 0;

    /// <summary>"&lt;connection&gt;: &lt;query name or its start&gt;", what items and reports record as their source.</summary>
    public string SourceName { get; }

    private bool IsPostgres => connection is NpgsqlConnection;

    /// <summary>Connects read-only and runs <paramref name="statement"/> (or only prepares it, for <see cref="SqlReadMode.Columns"/>).</summary>
    /// <param name="statement">One statement; see <see cref="SqlStatements.TryQuery"/>.</param>
    /// <exception cref="IngestException">
    /// The database cannot be reached (<see cref="IngestException.Field"/> is "Connection") or refuses the query, takes
    /// too long, returns no columns or two columns of one name (Field "Query"). The message names the connection and
    /// quotes the database's own error.
    /// </exception>
    public static async Task<SqlImportSource> OpenAsync(string connectionName, SqlConnectionOptions settings, string statement, string sourceName,
        SqlReadMode mode, CancellationToken cancellationToken)
    {
        DbConnection connection = settings.ParsedProvider switch
        {
            SqlProvider.Sqlite => new SqliteConnection(ReadOnlySqlite(settings)),
            SqlProvider.PostgreSql => new NpgsqlConnection(settings.ConnectionString),
            _ => throw new InvalidOperationException($"Connection '{connectionName}' has an unknown provider '{settings.Provider}'."),
        };
        var source = new SqlImportSource(connectionName, settings, connection, sourceName);
        try
        {
            await source.StartAsync(statement, mode, cancellationToken);
            return source;
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    /// <summary>The admin's SQLite connection string, forced read-only and unpooled (no session state outlives a query).</summary>
    internal static string ReadOnlySqlite(SqlConnectionOptions settings) => new SqliteConnectionStringBuilder(settings.ConnectionString)
    {
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
        DefaultTimeout = settings.CommandTimeoutSeconds,
    }.ConnectionString;

    private async Task StartAsync(string statement, SqlReadMode mode, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
        await using var interrupt = InterruptOnCancel(linked.Token);
        watchdog.CancelAfter(wait);
        try
        {
            await ConnectAsync(linked.Token, cancellationToken);
            if (mode == SqlReadMode.Columns)
            {
                finished = true;
                columns = IsPostgres ? await DescribedColumnsAsync(statement, linked.Token) : PreparedColumns(statement);
                return;
            }
            if (IsPostgres)
            {
                await DeclareCursorAsync(statement, linked.Token);
                batchSize = mode == SqlReadMode.Preview ? SourcePreview.Rows : Batch;
                reader = await FetchAsync(linked.Token);
            }
            else
            {
                command = NewCommand(statement);
                reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, linked.Token);
            }
            columns = ColumnsOf(reader.FieldCount, reader.GetName);
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            throw Translate(e, "Query", cancellationToken);
        }
        finally
        {
            watchdog.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The result columns of a PostgreSQL statement, described by the server but not run.</summary>
    private async Task<string[]> DescribedColumnsAsync(string statement, CancellationToken token)
    {
        await using var describe = NewCommand(statement);
        await using var result = await describe.ExecuteReaderAsync(CommandBehavior.SchemaOnly, token);
        return ColumnsOf(result.FieldCount, result.GetName);
    }

    /// <summary>
    /// The result columns of an SQLite statement, prepared but not run: Microsoft.Data.Sqlite's SchemaOnly still runs a
    /// query to its first row. SQLite also says here whether the statement would write.
    /// </summary>
    private string[] PreparedColumns(string statement)
    {
        var handle = ((SqliteConnection)connection).Handle!;
        var rc = SQLitePCL.raw.sqlite3_prepare_v2(handle, statement, out var prepared, out _);
        using (prepared)
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
            if (SQLitePCL.raw.sqlite3_stmt_readonly(prepared) == 0)
            {
                throw new IngestException($"Connection '{connectionName}': SQLite says the query writes to the database.{ReadOnlyHint}", null, "Query");
            }
            return ColumnsOf(SQLitePCL.raw.sqlite3_column_count(prepared), i => SQLitePCL.raw.sqlite3_column_name(prepared, i).utf8_to_string());
        }
    }

    private async Task ConnectAsync(CancellationToken token, CancellationToken outer)
    {
        try
        {
            await connection.OpenAsync(token);
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            throw Translate(e, "Connection", outer);
        }
        try
        {
            await using var setup = connection.CreateCommand();
            if (IsPostgres)
            {
                transaction = await connection.BeginTransactionAsync(token);
                setup.Transaction = transaction;
                // Must come before any query of the transaction; the rollback at the end undoes the LOCAL setting too. With
                // a cursor, the timeout applies to each FETCH.
                setup.CommandText = $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {settings.CommandTimeoutSeconds * 1000}";
            }
            else
            {
                // ATTACH could create an empty file anywhere the app may write, even on a read-only connection.
                SQLitePCL.raw.sqlite3_limit(((SqliteConnection)connection).Handle, SQLitePCL.raw.SQLITE_LIMIT_ATTACHED, 0);
                setup.CommandText = "PRAGMA query_only = ON";
            }
            await setup.ExecuteNonQueryAsync(token);
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            throw Translate(e, "Connection", outer);
        }
    }

    private DbCommand NewCommand(string text)
    {
        var created = connection.CreateCommand();
        created.CommandText = text;
        created.Transaction = transaction;
        // SQLite: how long to wait for a lock. Npgsql: none of its own; statement_timeout and the watchdog cancel on the server.
        created.CommandTimeout = IsPostgres ? 0 : settings.CommandTimeoutSeconds;
        return created;
    }

    private async Task DeclareCursorAsync(string statement, CancellationToken token)
    {
        await using var declare = NewCommand(DeclareCursor + statement);
        // The database reports positions in the whole text: give them in the query as written.
        positionShift = DeclareCursor.Length;
        await declare.ExecuteNonQueryAsync(token);
        positionShift = 0;
    }

    /// <summary>The next batch of rows from the PostgreSQL cursor.</summary>
    private async Task<DbDataReader> FetchAsync(CancellationToken token)
    {
        command ??= NewCommand($"FETCH FORWARD {batchSize} FROM {Cursor}");
        readInBatch = 0;
        return await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, token);
    }

    /// <summary>Moves to the next row, fetching the next batch when the current one is used up.</summary>
    private async Task<bool> MoveNextAsync(CancellationToken token)
    {
        if (await reader!.ReadAsync(token))
        {
            readInBatch++;
            return true;
        }
        // A batch shorter than asked for was the last one.
        if (batchSize == 0 || readInBatch < batchSize)
        {
            return false;
        }
        await reader.DisposeAsync();
        reader = null;
        reader = await FetchAsync(token);
        return await MoveNextAsync(token);
    }

    private string[] ColumnsOf(int count, Func<int, string> nameOf)
    {
        if (count == 0)
        {
            throw new IngestException($"Connection '{connectionName}': the query returns no columns. An SQL source runs one SELECT (or WITH … SELECT).",
                null, "Query");
        }
        var names = new string[count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var name = nameOf(i);
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new IngestException($"Connection '{connectionName}': column {i + 1} of the result has no name. Name it with AS.", null, "Query");
            }
            if (seen.TryGetValue(name, out var first))
            {
                throw new IngestException($"Connection '{connectionName}': the result has two columns named '{name}' (columns {first + 1} and {i + 1}). " +
                    "Give each a different name with AS.", null, "Query");
            }
            seen[name] = i;
            names[i] = name;
        }
        return names;
    }

    public async IAsyncEnumerable<SourcedRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (finished || reader is null)
        {
            yield break;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
        await using var interrupt = InterruptOnCancel(linked.Token);
        while (await NextAsync(linked.Token, cancellationToken) is { } result)
        {
            yield return new SourcedRecord(SourceName, result);
        }
    }

    /// <summary>The next row as a record or a problem, or null at the end.</summary>
    private async ValueTask<RecordResult?> NextAsync(CancellationToken token, CancellationToken outer)
    {
        watchdog.CancelAfter(wait);
        try
        {
            if (!await MoveNextAsync(token))
            {
                finished = true;
                return null;
            }
            rows++;
            if (settings.MaxRows is { } max && rows > max)
            {
                throw new IngestException($"Connection '{connectionName}': the query returns more than {max.ToString("N0", CultureInfo.InvariantCulture)} rows, " +
                    "the most this connection allows (MaxRows). Narrow it with WHERE or LIMIT.", rows, null);
            }
            return await ReadRowAsync(reader!, token);
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            throw Translate(e, "Query", outer);
        }
        finally
        {
            watchdog.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private async ValueTask<RecordResult> ReadRowAsync(DbDataReader row, CancellationToken token)
    {
        var fields = new Dictionary<string, string?>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            object? value;
            try
            {
                // In sequential mode Npgsql may still be receiving a long value: read it without blocking a thread.
                value = IsPostgres
                    ? await row.IsDBNullAsync(i, token) ? null : await row.GetFieldValueAsync<object>(i, token)
                    : row.GetValue(i);
            }
            catch (Exception e) when (e is InvalidCastException or NotSupportedException or OverflowException or FormatException)
            {
                return RecordResult.Bad(new RecordProblem(rows, columns[i],
                    $"the {row.GetDataTypeName(i)} value cannot be read ({e.Message}); cast the column to text in the query"));
            }
            if (!SqlValues.TryFormat(value, out var text, out var problem))
            {
                return RecordResult.Bad(new RecordProblem(rows, columns[i], problem));
            }
            fields[columns[i]] = text;
        }
        return RecordResult.Ok(new SourceRecord(rows, fields));
    }

    private static bool IsDatabaseFailure(Exception e) => e is DbException or OperationCanceledException or TimeoutException;

    /// <summary>The exception to report for a driver failure: the job's own cancel, the watchdog, or the database's message.</summary>
    private Exception Translate(Exception e, string field, CancellationToken outer)
    {
        if (outer.IsCancellationRequested)
        {
            return new OperationCanceledException("The import was cancelled.", e, outer);
        }
        // 57014 without a cancel of ours: the server's statement_timeout on a FETCH, racing the watchdog.
        if (watchdog.IsCancellationRequested || e is TimeoutException || e.InnerException is TimeoutException
            || e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled })
        {
            if (field == "Connection")
            {
                return new IngestException($"Connection '{connectionName}': the database did not answer within {settings.CommandTimeoutSeconds} s " +
                    "(CommandTimeoutSeconds).", null, field, e);
            }
            var next = rows == 0 ? "its first row" : $"row {(rows + 1).ToString("N0", CultureInfo.InvariantCulture)}";
            return new IngestException($"Connection '{connectionName}': the database took longer than {settings.CommandTimeoutSeconds} s to return {next} " +
                "(CommandTimeoutSeconds), so the query was stopped.", rows + 1, field, e);
        }
        if (e is not DbException db)
        {
            return e;
        }
        var hint = db is SqliteException { SqliteErrorCode: 8 } or PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } ? ReadOnlyHint : "";
        return new IngestException($"Connection '{connectionName}': {DatabaseMessage(db)}{hint}", rows == 0 ? null : rows + 1, field, e);
    }

    private string DatabaseMessage(DbException e) => e switch
    {
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState}{(pg.Position > positionShift ? $", at character {pg.Position - positionShift}" : "")}).",
        _ => e.Message.TrimEnd(),
    };

    /// <summary>
    /// SQLite runs a query on the calling thread and does not look at tokens while it works: a cancel or the watchdog
    /// interrupts it through sqlite3_interrupt, which is safe from any thread. Npgsql cancels on the server itself.
    /// </summary>
    private CancellationTokenRegistration InterruptOnCancel(CancellationToken token) =>
        connection is SqliteConnection sqlite
            ? token.Register(() =>
            {
                if (sqlite.State == ConnectionState.Open && sqlite.Handle is { } handle)
                {
                    SQLitePCL.raw.sqlite3_interrupt(handle);
                }
            })
            : default;

    public async ValueTask DisposeAsync()
    {
        if (reader is not null)
        {
            // SQLite resets the statement; a PostgreSQL batch is short, and the rollback closes the cursor.
            try
            {
                await reader.DisposeAsync();
            }
            catch (Exception e) when (IsDatabaseFailure(e))
            {
            }
        }
        if (transaction is not null)
        {
            try
            {
                await transaction.RollbackAsync();
            }
            catch (Exception e) when (IsDatabaseFailure(e) || e is InvalidOperationException)
            {
            }
            await transaction.DisposeAsync();
        }
        if (command is not null)
        {
            await command.DisposeAsync();
        }
        await connection.DisposeAsync();
        watchdog.Dispose();
    }
}
