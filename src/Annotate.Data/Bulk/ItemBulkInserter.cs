using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Annotate.Data.Bulk;

/// <summary>
/// Inserts many items inside the caller's open transaction at the speed of the provider's native path: one prepared
/// INSERT reused for every row on SQLite, binary COPY on PostgreSQL. Columns come from the EF model, so a new Item
/// property is picked up without touching this code. Ids are not returned; set-based statements afterwards (duplicate
/// pointers, for instance) find the rows by <see cref="Item.ImportJobId"/>.
/// </summary>
public abstract class ItemBulkInserter : IAsyncDisposable
{
    private protected ItemBulkInserter(IReadOnlyList<IProperty> columns) => Columns = columns;

    private protected IReadOnlyList<IProperty> Columns { get; }

    public long Count { get; private protected set; }

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
            _ => SqliteItemBulkInserter.Begin(connection, transaction, table, columns),
        };
    }

    public abstract ValueTask AddAsync(Item item, CancellationToken cancellationToken);

    /// <summary>Finishes the insert; without it (dispose only) the rows are abandoned.</summary>
    public abstract ValueTask CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>The value as the store keeps it (enums as numbers, DateTimes as UTC), via the model's converters.</summary>
    private protected static object? ProviderValue(IProperty property, Item item) => Readers.GetOrAdd(property, Compile)(item);

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

internal sealed class SqliteItemBulkInserter : ItemBulkInserter
{
    private readonly DbCommand command;

    private readonly DbParameter[] parameters;

    private SqliteItemBulkInserter(DbCommand command, IReadOnlyList<IProperty> columns) : base(columns)
    {
        this.command = command;
        parameters = [.. command.Parameters.Cast<DbParameter>()];
    }

    public static SqliteItemBulkInserter Begin(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<IProperty> columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var names = string.Join(", ", columns.Select(c => $"\"{c.GetColumnName()}\""));
        var parameters = string.Join(", ", columns.Select((_, i) => $"$p{i}"));
        command.CommandText = $"INSERT INTO \"{table}\" ({names}) VALUES ({parameters})";
        for (var i = 0; i < columns.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"$p{i}";
            command.Parameters.Add(parameter);
        }
        command.Prepare();
        return new SqliteItemBulkInserter(command, columns);
    }

    public override ValueTask AddAsync(Item item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        for (var i = 0; i < Columns.Count; i++)
        {
            parameters[i].Value = ProviderValue(Columns[i], item) ?? DBNull.Value;
        }
        // SQLite works synchronously; its async method only wraps this call in a task, per row.
        command.ExecuteNonQuery();
        Count++;
        return ValueTask.CompletedTask;
    }

    public override ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public override ValueTask DisposeAsync() => command.DisposeAsync();
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
            var value = ProviderValue(Columns[i], item);
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
