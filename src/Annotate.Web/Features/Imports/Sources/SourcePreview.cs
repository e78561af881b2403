namespace Annotate.Web.Features.Imports.Sources;

/// <summary>Reads the first records of any source for the mapping form.</summary>
public static class SourcePreview
{
    public const int Rows = 20;

    /// <exception cref="Core.Ingest.IngestException">The source cannot be read.</exception>
    /// <param name="nameSources">Put the file, URL, query or object key before each problem (not for one file, whose name the preview shows).</param>
    public static async Task<RecordPreview> ReadAsync(IImportSource source, CancellationToken cancellationToken, bool nameSources = true)
    {
        var rows = new List<IReadOnlyDictionary<string, string?>>();
        var problems = new List<string>();
        await foreach (var (sourceName, result) in source.ReadAsync(cancellationToken))
        {
            if (result.Problem is { } problem)
            {
                problems.Add(nameSources ? $"{sourceName}: {ImportService.Describe(problem)}" : ImportService.Describe(problem));
            }
            else
            {
                rows.Add(result.Record!.Fields);
            }
            if (rows.Count + problems.Count >= Rows)
            {
                break;
            }
        }
        return new RecordPreview(source.Columns, rows, problems, FieldSuggestions.Suggest(source.Columns, rows));
    }
}
