using System.Text.RegularExpressions;
using Annotate.Core.Ingest;
using Annotate.Core.Projects;
using Annotate.Web.Features.Imports.Sources;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Annotate.Web.Features.Imports.Sql;

/// <summary>
/// Importing the result of a query on a connection an Admin configured (<c>Annotate:SqlConnections</c>): listing the
/// connections, previewing a query and starting its import. Managers only; they name a connection, never see it.
/// </summary>
public sealed partial class SqlImportService(ProjectAccessService access, JobService jobs, IOptions<SqlConnectionsOptions> options)
{
    public const int MaxQueryLength = 100_000;
    public const int MaxNameLength = 200;
    private const int QueryInSourceName = 60;

    public async Task<IReadOnlyList<SqlConnectionDto>> ListConnectionsAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        return options.Value
            .OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Select(c => new SqlConnectionDto(c.Key, c.Value.ParsedProvider == SqlProvider.Sqlite ? "SQLite" : "PostgreSQL"))
            .ToList();
    }

    /// <summary>The columns and first rows of the query, problems among them, and a suggested mapping.</summary>
    /// <exception cref="InputException">
    /// Unknown connection, or a query that is not one statement, that the database refuses (the message quotes it)
    /// or that takes too long.
    /// </exception>
    public async Task<RecordPreview> PreviewAsync(Caller caller, int projectId, SqlSourceRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        try
        {
            await using var source = await OpenAsync(request, SqlReadMode.Preview, cancellationToken);
            return await SourcePreview.ReadAsync(source, cancellationToken);
        }
        catch (IngestException e)
        {
            throw new InputException(e.Field ?? "Query", e.Message);
        }
    }

    /// <summary>Checks the query (prepared, not run) and the mapping against its columns, then queues the import.</summary>
    /// <exception cref="InputException">As for <see cref="PreviewAsync"/>, or a mapped field the result does not have.</exception>
    public async Task<JobDto> StartAsync(Caller caller, int projectId, SqlImportRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        if (request.Mapping is null)
        {
            throw new InputException("Mapping", "Choose which field holds the text.");
        }
        IReadOnlyList<string> columns;
        try
        {
            await using var source = await OpenAsync(request.Source, SqlReadMode.Columns, cancellationToken);
            columns = source.Columns;
        }
        catch (IngestException e)
        {
            throw new InputException(e.Field ?? "Query", e.Message);
        }
        FieldSuggestions.Check(request.Mapping, columns);
        return await jobs.EnqueueAsync(caller, projectId, SqlImportJob.JobKind, request, ProjectRoles.Manager, cancellationToken);
    }

    /// <summary>Checks the request and opens the query on its connection.</summary>
    /// <exception cref="InputException">Unknown connection, a name that is too long, a query that is not one statement.</exception>
    /// <exception cref="IngestException">The database cannot be reached or refuses the query.</exception>
    internal async Task<SqlImportSource> OpenAsync(SqlSourceRequest request, SqlReadMode mode, CancellationToken cancellationToken)
    {
        var connections = options.Value;
        if (string.IsNullOrWhiteSpace(request.Connection) || !connections.TryGetValue(request.Connection, out var settings))
        {
            var known = connections.Count == 0 ? "none is configured (Annotate:SqlConnections)" : "the configured ones are " + string.Join(", ", connections.Keys.Order());
            throw new InputException("Connection", $"There is no SQL connection named '{request.Connection}'; {known}.");
        }
        if (request.Name is { Length: > MaxNameLength })
        {
            throw new InputException("Name", $"The name is longer than {MaxNameLength} characters.");
        }
        if (request.Query is { Length: > MaxQueryLength })
        {
            throw new InputException("Query", $"The query is longer than {MaxQueryLength:N0} characters.");
        }
        var dialect = settings.ParsedProvider == SqlProvider.Sqlite ? SqlDialect.Sqlite : SqlDialect.PostgreSql;
        if (!SqlStatements.TryQuery(request.Query, dialect, out var statement, out var problem))
        {
            throw new InputException("Query", problem);
        }
        var key = connections.Keys.First(k => string.Equals(k, request.Connection, StringComparison.OrdinalIgnoreCase));
        return await SqlImportSource.OpenAsync(key, settings, statement, SourceNameOf(key, request.Name, statement), mode, cancellationToken);
    }

    /// <summary>How items and reports name the source: "&lt;connection&gt;: &lt;name, or the query's first 60 characters&gt;".</summary>
    internal static string SourceNameOf(string connection, string? name, string statement)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            return $"{connection}: {name.Trim()}";
        }
        var oneLine = Blanks().Replace(statement, " ").Trim();
        return $"{connection}: {(oneLine.Length <= QueryInSourceName ? oneLine : oneLine[..QueryInSourceName] + "…")}";
    }

    /// <summary>How job messages name the query: its name, or "The query".</summary>
    internal static string Describe(SqlSourceRequest request) =>
        string.IsNullOrWhiteSpace(request.Name) ? "The query" : $"Query '{request.Name.Trim()}'";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();
}
