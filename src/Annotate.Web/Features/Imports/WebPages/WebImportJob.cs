using Annotate.Web.Features.Jobs;
using Annotate.Web.Infrastructure;

namespace Annotate.Web.Features.Imports.WebPages;

/// <summary>
/// Imports the pages of a URL list into the project's items, atomically (see <see cref="ItemImporter"/>): pages that
/// cannot be fetched reject the import or are skipped and reported, each by URL, line and reason, as the Manager chose.
/// </summary>
public sealed class WebImportJob(WebImportService web, ImportRunner runner) : IJobHandler
{
    public const string JobKind = "import.web";

    public string Kind => JobKind;

    public string Title => "Import web pages";

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = context.GetParameters<WebImportRequest>();
        Core.Ingest.WebPages.UrlList list;
        try
        {
            list = web.Parse(request.Urls);
        }
        catch (InputException e)
        {
            throw new JobFailedException(e.Message);
        }
        await using var source = web.Open(list);
        var what = list.Lines.Count == 1 ? "The list of 1 URL" : $"The list of {list.Lines.Count:N0} URLs";
        var message = await runner.RunAsync(context, source, request.Mapping, request.BadRows, what, cancellationToken);
        return list.Notes.Count == 0 ? message : $"{message}; {list.Notes.Count:N0} repeated URL(s) fetched once";
    }
}
