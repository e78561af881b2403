namespace Annotate.Core.Ingest;

/// <summary>Which database's quoting rules apply to a query's text.</summary>
public enum SqlDialect
{
    /// <summary>'string', "name", [name] and `name`; comments -- and /* */.</summary>
    Sqlite,

    /// <summary>'string', E'string\'s', $tag$string$tag$ and "name"; comments -- and /* */.</summary>
    PostgreSql,
}
