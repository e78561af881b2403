using Annotate.Core.Ingest;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Infrastructure;

namespace Annotate.Web.Features.Imports.Sql;

/// <summary>
/// Imports the rows of one query into the project's items, atomically (see <see cref="ItemImporter"/>): a database
/// error, a cancel or a rejected row leaves the store as it was.
/// </summary>
public sealed class SqlImportJob(SqlImportService sql, ImportRunner runner) : IJobHandler
{
    public const string JobKind = "import.sql";

    public string Kind => JobKind;

    public string Title => "Import SQL query";

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = context.GetParameters<SqlImportRequest>();
        var what = SqlImportService.Describe(request.Source);
        SqlImportSource source;
        try
        {
            source = await sql.OpenAsync(request.Source, SqlReadMode.Import, cancellationToken);
        }
        catch (Exception e) when (e is IngestException or InputException)
        {
            throw new JobFailedException($"{what}: {e.Message} Nothing was imported.");
        }
        await using var _ = source;
        return await runner.RunAsync(context, source, request.Mapping, request.BadRows, what, cancellationToken);
    }
}
