using System.Text.Json.Serialization;

namespace Annotate.Web.Features.Imports.Sql;

/// <summary>A configured SQL connection as Managers see it: its name and database, never its connection string.</summary>
public sealed record SqlConnectionDto(string Name, string Provider);

/// <summary>A query to preview: which configured connection, the SELECT, and an optional name for reports and items.</summary>
public sealed record SqlSourceRequest(string Connection, string Query, string? Name = null);

/// <summary>A query to import, with the field mapping and what to do with bad rows.</summary>
public sealed record SqlImportRequest(string Connection, string Query, FieldMapping Mapping, BadRowPolicy BadRows = BadRowPolicy.RejectFile, string? Name = null)
{
    [JsonIgnore]
    public SqlSourceRequest Source => new(Connection, Query, Name);
}
