using Annotate.Core.Ingest.WebPages;
using Annotate.Core.Projects;
using Annotate.Web.Features.Imports.Sources;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Annotate.Web.Features.Imports.WebPages;

/// <summary>Previewing and starting imports of web pages from a list of URLs. Managers only.</summary>
public sealed class WebImportService(ProjectAccessService access, JobService jobs, SafeHttpFetcher fetcher, IOptions<WebFetchOptions> options)
{
    /// <summary>How many pages a preview fetches.</summary>
    public const int PreviewPages = 5;

    /// <summary>Fetches the first <see cref="PreviewPages"/> lines of the list and shows them as records, with the web mapping.</summary>
    /// <exception cref="InputException">The list is empty, too long, or has no URL that can be fetched.</exception>
    public async Task<WebPreviewDto> PreviewAsync(Caller caller, int projectId, WebSourceRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var list = Parse(request.Urls);
        var first = list with { Lines = [.. list.Lines.Take(PreviewPages)] };
        await using var source = Open(first);
        var preview = await SourcePreview.ReadAsync(source, cancellationToken);
        return new WebPreviewDto(list.Lines.Count, first.Lines.Count, list.Notes, preview with { Suggested = WebPageImportSource.SuggestedMapping });
    }

    /// <summary>Checks the list and the mapping and queues the import.</summary>
    /// <exception cref="InputException">The list is empty, too long or has no URL; or the mapping names a field pages do not have.</exception>
    public async Task<JobDto> StartAsync(Caller caller, int projectId, WebImportRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        Parse(request.Urls);
        FieldSuggestions.Check(request.Mapping ?? throw new InputException("Mapping", "Choose how the page fields map to items."), WebPageImportSource.Fields);
        return await jobs.EnqueueAsync(caller, projectId, WebImportJob.JobKind, request, ProjectRoles.Manager, cancellationToken);
    }

    /// <summary>The list as an import reads it.</summary>
    /// <exception cref="InputException">(field "Urls") The list is empty, longer than the limit, or has no URL that can be fetched.</exception>
    public UrlList Parse(string? urls)
    {
        var list = UrlList.Parse(urls);
        var max = options.Value.MaxUrls;
        if (list.Lines.Count == 0)
        {
            throw new InputException("Urls", "Enter at least one URL, one per line.");
        }
        if (list.Lines.Count > max)
        {
            throw new InputException("Urls",
                $"Line {list.Lines[max].Line}: the list has {list.Lines.Count:N0} URLs and an import takes at most {max:N0} (Annotate:WebFetch:MaxUrls). Split the list.");
        }
        if (!list.Urls.Any())
        {
            var bad = list.Lines[0];
            var more = list.Lines.Count > 1 ? $" (and {list.Lines.Count - 1:N0} more lines like it)" : "";
            throw new InputException("Urls", $"No line is a URL that can be fetched. Line {bad.Line}: {bad.Problem}{more}.");
        }
        return list;
    }

    /// <summary>A source reading the pages of <paramref name="list"/> with the configured fetcher and concurrency.</summary>
    public WebPageImportSource Open(UrlList list) => new(list, fetcher.FetchAsync, options.Value.Concurrency);
}
