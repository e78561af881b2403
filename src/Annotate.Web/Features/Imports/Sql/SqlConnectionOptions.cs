namespace Annotate.Web.Features.Imports.Sql;

/// <summary>One database Managers may import from: <c>Annotate:SqlConnections:&lt;name&gt;</c>. Only Admins set these.</summary>
public sealed class SqlConnectionOptions
{
    /// <summary>Sqlite or PostgreSQL (Postgres is accepted too).</summary>
    public string Provider { get; set; } = "";

    /// <summary>The driver's connection string. Managers never see it; SQLite files are always opened read-only.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The longest the database may take to produce the next rows (the first ones included) before the query is
    /// stopped: per row on SQLite, per batch of 1,000 on PostgreSQL (statement_timeout on each FETCH). An import that
    /// keeps receiving rows is not cut off, however long it runs.
    /// </summary>
    public int CommandTimeoutSeconds { get; set; } = 60;

    /// <summary>When set, an import whose query returns more rows than this fails (nothing is imported).</summary>
    public long? MaxRows { get; set; }

    /// <summary>The parsed <see cref="Provider"/>, or null when it names no supported database.</summary>
    public SqlProvider? ParsedProvider => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => SqlProvider.Sqlite,
        "postgresql" or "postgres" or "npgsql" => SqlProvider.PostgreSql,
        _ => null,
    };
}

/// <summary>The databases an SQL source can read.</summary>
public enum SqlProvider
{
    Sqlite,
    PostgreSql,
}
