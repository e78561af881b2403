using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
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
    }

    private protected IReadOnlyList<IProperty> Columns { get; }

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
            NpgsqlConnection npgsql => await PostgresItemBulkInserter.BeginAsync(npgsql, table, columns, db.Database.GetCommandTimeout(), cancellationToken),
            SqliteConnection sqlite => SqliteItemBulkInserter.Begin(sqlite, (SqliteTransaction)transaction, entity, table, columns),
            _ => throw new NotSupportedException($"No bulk insert for {connection.GetType().Name}."),
        };
    }

    public abstract ValueTask AddAsync(Item item, CancellationToken cancellationToken);

    /// <summary>Finishes the insert; without it (dispose only) the rows are abandoned.</summary>
    public abstract ValueTask CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

/// <summary>
/// One prepared INSERT, stepped once per row through SQLitePCLRaw (the native binding under Microsoft.Data.Sqlite) on
/// the connection's own handle, so it runs in the caller's transaction. Values are bound by position: going through
/// SqliteCommand cost a parameter lookup by name per value and a data reader per row, about a fifth of the
/// inserting stage, which is the stage an import waits for.
/// </summary>
/// <remarks>
/// Each row is bound by one delegate compiled from the model (<see cref="CompileRowBinder"/>) that reads every
/// property with its own type and calls the typed bind method below: no value is boxed, and text is encoded into one
/// reused UTF-8 buffer (SQLite copies it) rather than into a new array per value. Both allocations together were
/// most of what an import allocated per row after reading and cleaning, and each collection of them stops the
/// inserting thread too.
/// </remarks>
internal sealed class SqliteItemBulkInserter : ItemBulkInserter
{
    private static readonly ConcurrentDictionary<IEntityType, Action<SqliteItemBulkInserter, Item>> RowBinders = new();

    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;
    private readonly sqlite3_stmt statement;
    private readonly long previousCacheSize;
    private readonly Action<SqliteItemBulkInserter, Item> bindRow;
    private byte[] utf8 = new byte[1024];

    /// <summary>Per column, the last DateTime bound and its text: an import stamps every item with the same time.</summary>
    private readonly (DateTime Value, string Text)[] lastDateTimes;

    private SqliteItemBulkInserter(SqliteConnection connection, SqliteTransaction transaction, sqlite3_stmt statement,
        IReadOnlyList<IProperty> columns, Action<SqliteItemBulkInserter, Item> bindRow, long previousCacheSize)
        : base(columns)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.statement = statement;
        this.bindRow = bindRow;
        this.previousCacheSize = previousCacheSize;
        lastDateTimes = new (DateTime, string)[columns.Count + 1];
    }

    /// <exception cref="NotSupportedException">An item column has a type the insert cannot bind yet.</exception>
    public static SqliteItemBulkInserter Begin(SqliteConnection connection, SqliteTransaction transaction, IEntityType entity, string table, IReadOnlyList<IProperty> columns)
    {
        var bindRow = RowBinders.GetOrAdd(entity, _ => CompileRowBinder(columns));
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
        return new SqliteItemBulkInserter(connection, transaction, statement, columns, bindRow, previousCacheSize);
    }

    public override ValueTask AddAsync(Item item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bindRow(this, item);
        // SQLite works synchronously; an async method would only wrap this call in a task, per row.
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, connection.Handle!);
        }
        Count++;
        return ValueTask.CompletedTask;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, connection.Handle!);
        }
    }

    private void BindNull(int index) => Check(raw.sqlite3_bind_null(statement, index));

    private void BindInteger(int index, long value) => Check(raw.sqlite3_bind_int64(statement, index, value));

    /// <summary>UTF-8 as Microsoft.Data.Sqlite binds it (a lone surrogate becomes U+FFFD), from a buffer kept for the
    /// next value.</summary>
    private void BindText(int index, string value)
    {
        if (value.Length == 0)
        {
            // An empty span has no address, and SQLite binds a null pointer as NULL.
            Check(raw.sqlite3_bind_text(statement, index, value));
            return;
        }
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (most > utf8.Length)
        {
            utf8 = new byte[Math.Max(most, utf8.Length * 2)];
        }
        var length = Encoding.UTF8.GetBytes(value, utf8);
        Check(raw.sqlite3_bind_text(statement, index, utf8.AsSpan(0, length)));
    }

    /// <summary>DateTimes as Microsoft.Data.Sqlite stores them: "yyyy-MM-dd HH:mm:ss.FFFFFFF" TEXT.</summary>
    private void BindDateTime(int index, DateTime value)
    {
        ref var last = ref lastDateTimes[index];
        if (last.Text is null || last.Value != value || last.Value.Kind != value.Kind)
        {
            last = (value, value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
        }
        BindText(index, last.Text);
    }

    /// <summary>
    /// Builds <c>(inserter, item) =&gt; { inserter.BindX(1, item.A); inserter.BindY(2, item.B); … }</c> with the model's
    /// value converters folded in (an enum stored as a number, for instance) and nulls bound as NULL.
    /// </summary>
    /// <exception cref="NotSupportedException">A column whose stored type is none of text, integer, boolean or DateTime.</exception>
    private static Action<SqliteItemBulkInserter, Item> CompileRowBinder(IReadOnlyList<IProperty> columns)
    {
        var inserter = Expression.Parameter(typeof(SqliteItemBulkInserter), "inserter");
        var item = Expression.Parameter(typeof(Item), "item");
        var binds = new List<Expression>(columns.Count);
        for (var c = 0; c < columns.Count; c++)
        {
            var property = columns[c];
            var index = Expression.Constant(c + 1);
            Expression value = Expression.Property(item, property.PropertyInfo!);
            var converter = property.GetValueConverter() ?? property.GetTypeMapping().Converter;
            var underlying = Nullable.GetUnderlyingType(value.Type);
            Expression? hasValue = underlying is not null ? Expression.Property(value, "HasValue")
                : value.Type.IsValueType ? null
                : Expression.NotEqual(value, Expression.Constant(null, value.Type));
            if (underlying is not null)
            {
                value = Expression.Property(value, "Value");
            }
            if (converter is not null)
            {
                var convert = converter.ConvertToProviderExpression;
                value = Expression.Invoke(convert, Expression.Convert(value, convert.Parameters[0].Type));
                if (Nullable.GetUnderlyingType(value.Type) is { } provider)
                {
                    value = Expression.Convert(value, provider);
                }
            }
            var bind = BindCall(inserter, index, value)
                ?? throw new NotSupportedException(
                    $"The bulk insert cannot bind column '{property.GetColumnName()}' stored as {value.Type.Name}; add the type to {nameof(SqliteItemBulkInserter)}.{nameof(CompileRowBinder)}.");
            binds.Add(hasValue is null ? bind
                : Expression.IfThenElse(hasValue, bind, Expression.Call(inserter, nameof(BindNull), null, index)));
        }
        return Expression.Lambda<Action<SqliteItemBulkInserter, Item>>(Expression.Block(binds), inserter, item).Compile();
    }

    private static MethodCallExpression? BindCall(ParameterExpression inserter, Expression index, Expression value)
    {
        var type = value.Type.IsEnum ? Enum.GetUnderlyingType(value.Type) : value.Type;
        return type == typeof(string) ? Expression.Call(inserter, nameof(BindText), null, index, value)
            : type == typeof(DateTime) ? Expression.Call(inserter, nameof(BindDateTime), null, index, value)
            : type == typeof(bool) ? Expression.Call(inserter, nameof(BindInteger), null, index,
                Expression.Condition(value, Expression.Constant(1L), Expression.Constant(0L)))
            : type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte)
                ? Expression.Call(inserter, nameof(BindInteger), null, index, Expression.Convert(value, typeof(long)))
            : null;
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
    private static readonly ConcurrentDictionary<IProperty, Func<Item, object?>> Readers = new();

    private readonly NpgsqlBinaryImporter importer;
    private readonly string[] types;

    private PostgresItemBulkInserter(NpgsqlBinaryImporter importer, IReadOnlyList<IProperty> columns) : base(columns)
    {
        this.importer = importer;
        types = [.. columns.Select(c => c.GetColumnType())];
        Values = [.. columns.Select(c => Readers.GetOrAdd(c, Compile))];
    }

    /// <summary>For each column, in order, the getter that gives the value as the store keeps it (enums as numbers,
    /// DateTimes as UTC), via the model's converters. Looked up once here, not per value.</summary>
    private Func<Item, object?>[] Values { get; }

    public static async Task<PostgresItemBulkInserter> BeginAsync(NpgsqlConnection connection, string table, IReadOnlyList<IProperty> columns, int? commandTimeoutSeconds, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c.GetColumnName()}\""));
        var importer = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        // The COPY's own timeout defaults to the connection string's, not the context's: a job's longer timeout must reach it.
        if (commandTimeoutSeconds is { } seconds)
        {
            importer.Timeout = TimeSpan.FromSeconds(seconds);
        }
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
