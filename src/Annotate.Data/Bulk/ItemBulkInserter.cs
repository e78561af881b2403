using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace Annotate.Data.Bulk;

/// <summary>
/// Inserts many items inside the caller's open transaction at the speed of the provider's native path: one prepared
/// INSERT stepped for every row on SQLite (bound by position, with a larger page cache), binary COPY on PostgreSQL. Columns come from the EF model, so a new Item
/// property is picked up without touching this code. Ids are not returned; set-based statements afterwards (duplicate
/// pointers, for instance) find the rows by <see cref="Item.ImportJobId"/>.
/// </summary>
public abstract class ItemBulkInserter : IAsyncDisposable
{
    private protected ItemBulkInserter(IReadOnlyList<IProperty> columns)
    {
        Columns = columns;
        Values = [.. columns.Select(c => Readers.GetOrAdd(c, Compile))];
    }

    private protected IReadOnlyList<IProperty> Columns { get; }

    /// <summary>For each column, in order, the getter that gives the value as the store keeps it (enums as numbers,
    /// DateTimes as UTC), via the model's converters. Looked up once here, not per value.</summary>
    private protected Func<Item, object?>[] Values { get; }

    public long Count { get; private protected set; }

    /// <summary>
    /// The page cache SQLite gets while a bulk insert runs, in KiB (SQLite's default is 2 MiB). An import inserts into
    /// the (ProjectId, ContentHash) index in random order (hashes are random); once that index outgrows the cache,
    /// every row costs page reads and spills to the write-ahead log, which made inserting a million rows about twice
    /// as slow. 128 MiB holds that index for about a million items; beyond it the insert slows down gradually, it
    /// does not fail. The previous size is restored when the inserter is disposed (pooled connections keep it).
    /// </summary>
    public const int SqliteCacheKibibytes = 128 * 1024;

    /// <summary>Starts a bulk insert on <paramref name="db"/>'s connection.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open on <paramref name="db"/>.</exception>
    public static async Task<ItemBulkInserter> BeginAsync(AnnotateDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A bulk insert must run inside a transaction, so that a failure or a cancel leaves nothing behind.");
        }
        var entity = db.Model.FindEntityType(typeof(Item))!;
        var columns = entity.GetProperties().Where(p => p.PropertyInfo is not null && !p.IsPrimaryKey()).ToList();
        var table = entity.GetTableName()!;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction.GetDbTransaction();
        return connection switch
        {
            NpgsqlConnection npgsql => await PostgresItemBulkInserter.BeginAsync(npgsql, table, columns, cancellationToken),
            SqliteConnection sqlite => SqliteItemBulkInserter.Begin(sqlite, (SqliteTransaction)transaction, table, columns),
            _ => throw new NotSupportedException($"No bulk insert for {connection.GetType().Name}."),
        };
    }

    public abstract ValueTask AddAsync(Item item, CancellationToken cancellationToken);

    /// <summary>Finishes the insert; without it (dispose only) the rows are abandoned.</summary>
    public abstract ValueTask CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private static readonly ConcurrentDictionary<IProperty, Func<Item, object?>> Readers = new();

    /// <summary>A compiled getter with the converter folded in: reflection per value cost a third of an import's time.</summary>
    private static Func<Item, object?> Compile(IProperty property)
    {
        var item = Expression.Parameter(typeof(Item), "item");
        var getter = Expression.Lambda<Func<Item, object?>>(
            Expression.Convert(Expression.Property(item, property.PropertyInfo!), typeof(object)), item).Compile();
        var converter = property.GetValueConverter() ?? property.GetTypeMapping().Converter;
        if (converter is null)
        {
            return getter;
        }
        var toProvider = converter.ConvertToProvider;
        return i => getter(i) is { } value ? toProvider(value) : null;
    }
}

/// <summary>
/// One prepared INSERT, stepped once per row through SQLitePCLRaw (the native binding under Microsoft.Data.Sqlite) on
/// the connection's own handle, so it runs in the caller's transaction. Values are bound by position: going through
/// SqliteCommand cost a parameter lookup by name per value and a data reader per row, about a fifth of the
/// inserting stage, which is the stage an import waits for.
/// </summary>
internal sealed class SqliteItemBulkInserter : ItemBulkInserter
{
    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;
    private readonly sqlite3_stmt statement;
    private readonly long previousCacheSize;

    /// <summary>Per column, the last DateTime bound and its text: an import stamps every item with the same time.</summary>
    private readonly (DateTime Value, string Text)[] lastDateTimes;

    private SqliteItemBulkInserter(SqliteConnection connection, SqliteTransaction transaction, sqlite3_stmt statement,
        IReadOnlyList<IProperty> columns, long previousCacheSize)
        : base(columns)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.statement = statement;
        this.previousCacheSize = previousCacheSize;
        lastDateTimes = new (DateTime, string)[columns.Count];
    }

    public static SqliteItemBulkInserter Begin(SqliteConnection connection, SqliteTransaction transaction, string table, IReadOnlyList<IProperty> columns)
    {
        long previousCacheSize;
        using (var pragma = connection.CreateCommand())
        {
            pragma.Transaction = transaction;
            pragma.CommandText = "PRAGMA cache_size";
            previousCacheSize = Convert.ToInt64(pragma.ExecuteScalar(), CultureInfo.InvariantCulture);
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {-SqliteCacheKibibytes}");
            pragma.ExecuteNonQuery();
        }
        var names = string.Join(", ", columns.Select(c => $"\"{c.GetColumnName()}\""));
        var parameters = string.Join(", ", columns.Select(_ => "?"));
        var handle = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, $"INSERT INTO \"{table}\" ({names}) VALUES ({parameters})", out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        return new SqliteItemBulkInserter(connection, transaction, statement, columns, previousCacheSize);
    }

    public override ValueTask AddAsync(Item item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var handle = connection.Handle!;
        for (var i = 0; i < Values.Length; i++)
        {
            SqliteException.ThrowExceptionForRC(Bind(i, Values[i](item)), handle);
        }
        // SQLite works synchronously; an async method would only wrap this call in a task, per row.
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
        }
        Count++;
        return ValueTask.CompletedTask;
    }

    /// <summary>Binds a provider value the way Microsoft.Data.Sqlite does for the types an item's columns have:
    /// integers and booleans as INTEGER, text as UTF-8 TEXT, DateTimes as "yyyy-MM-dd HH:mm:ss.FFFFFFF" TEXT.</summary>
    /// <exception cref="NotSupportedException">A column of another type (a new Item property): bind it here first.</exception>
    private int Bind(int column, object? value)
    {
        var index = column + 1;
        switch (value)
        {
            case null:
                return raw.sqlite3_bind_null(statement, index);
            case string text:
                return raw.sqlite3_bind_text(statement, index, text);
            case long number:
                return raw.sqlite3_bind_int64(statement, index, number);
            case int number:
                return raw.sqlite3_bind_int64(statement, index, number);
            case bool flag:
                return raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0);
            case DateTime time:
                ref var last = ref lastDateTimes[column];
                if (last.Text is null || last.Value != time || last.Value.Kind != time.Kind)
                {
                    last = (time, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
                }
                return raw.sqlite3_bind_text(statement, index, last.Text);
            default:
                throw new NotSupportedException(
                    $"The bulk insert cannot bind column '{Columns[column].GetColumnName()}' of type {value.GetType().Name}; add the type to {nameof(SqliteItemBulkInserter)}.{nameof(Bind)}.");
        }
    }

    public override ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public override async ValueTask DisposeAsync()
    {
        statement.Dispose();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }
        // Back to the size the connection had, since it returns to the pool after the import. Best effort: on a
        // connection that failed, the worst outcome is a larger cache, and throwing here would hide the failure.
        try
        {
            await using var pragma = connection.CreateCommand();
            pragma.Transaction = transaction.Connection is null ? null : transaction;
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {previousCacheSize}");
            await pragma.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
        }
    }
}

internal sealed class PostgresItemBulkInserter : ItemBulkInserter
{
    private readonly NpgsqlBinaryImporter importer;
    private readonly string[] types;

    private PostgresItemBulkInserter(NpgsqlBinaryImporter importer, IReadOnlyList<IProperty> columns) : base(columns)
    {
        this.importer = importer;
        types = [.. columns.Select(c => c.GetColumnType())];
    }

    public static async Task<PostgresItemBulkInserter> BeginAsync(NpgsqlConnection connection, string table, IReadOnlyList<IProperty> columns, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c.GetColumnName()}\""));
        var importer = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        return new PostgresItemBulkInserter(importer, columns);
    }

    public override async ValueTask AddAsync(Item item, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        for (var i = 0; i < Columns.Count; i++)
        {
            var value = Values[i](item);
            if (value is null)
            {
                await importer.WriteNullAsync(cancellationToken);
            }
            else
            {
                await importer.WriteAsync(value, types[i], cancellationToken);
            }
        }
        Count++;
    }

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken) => await importer.CompleteAsync(cancellationToken);

    public override ValueTask DisposeAsync() => importer.DisposeAsync();
}
