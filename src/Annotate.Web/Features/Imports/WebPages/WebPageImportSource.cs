using System.Globalization;
using System.Runtime.CompilerServices;
using Annotate.Core.Ingest;
using Annotate.Core.Ingest.WebPages;
using Annotate.Web.Features.Imports.Sources;

namespace Annotate.Web.Features.Imports.WebPages;

/// <summary>
/// A Manager's list of URLs as an import source: one record per page (fields <see cref="Fields"/>), numbered by the
/// URL's line in the list and named by the URL. A line that is not a URL, or a page that cannot be fetched, is a
/// problem on the <c>url</c> field, so the Manager's choice (reject all, or skip and report) applies to it. Pages are
/// fetched a few at a time but come out in the list's order.
/// </summary>
public sealed class WebPageImportSource(UrlList urls, Func<Uri, CancellationToken, Task<FetchedPage>> fetch, int concurrency) : IImportSource
{
    public const string SourceKind = "url";

    /// <summary>The fields of every record.</summary>
    public static readonly IReadOnlyList<string> Fields = ["url", "final_url", "title", "text", "description", "lang", "fetched_at"];

    /// <summary>The mapping a web import starts from: the main text, the URL as the id, the rest as metadata.</summary>
    public static readonly FieldMapping SuggestedMapping = new("text", "url", null, ["title", "final_url", "description", "lang"]);

    private int done;

    public string Kind => SourceKind;

    public IReadOnlyList<string> Columns => Fields;

    public double Fraction => urls.Lines.Count == 0 ? 1 : (double)done / urls.Lines.Count;

    public async IAsyncEnumerable<SourcedRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A window of pages in flight: at most `concurrency` bodies are held, and the records still come out in order.
        var window = new Queue<Task<SourcedRecord>>();
        var next = 0;
        try
        {
            while (next < urls.Lines.Count || window.Count > 0)
            {
                while (next < urls.Lines.Count && window.Count < Math.Max(1, concurrency))
                {
                    window.Enqueue(ReadLineAsync(urls.Lines[next++], stop.Token));
                }
                var record = await window.Dequeue();
                done++;
                yield return record;
            }
        }
        finally
        {
            // The reader stopped early (a preview has enough, or the import was cancelled): stop the pages still loading.
            await stop.CancelAsync();
            foreach (var pending in window)
            {
                try
                {
                    await pending;
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    private async Task<SourcedRecord> ReadLineAsync(UrlLine line, CancellationToken cancellationToken)
    {
        if (line.Url is null)
        {
            return Problem(line, line.Problem!);
        }
        try
        {
            var page = await fetch(line.Url, cancellationToken);
            // Parsing a large page is CPU work: off the reader's path, like the fetch.
            var content = await Task.Run(() => page.IsHtml ? WebPageText.Extract(page.Body) : WebPageText.FromPlainText(page.Body), cancellationToken);
            return new SourcedRecord(line.Name, RecordResult.Ok(new SourceRecord(line.Line, new Dictionary<string, string?>
            {
                ["url"] = line.Url.AbsoluteUri,
                ["final_url"] = page.FinalUrl.AbsoluteUri,
                ["title"] = content.Title,
                ["text"] = content.Text,
                ["description"] = content.Description,
                ["lang"] = content.Lang ?? page.ContentLanguage,
                ["fetched_at"] = page.FetchedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            })));
        }
        catch (WebFetchException e)
        {
            return Problem(line, e.Message);
        }
    }

    private static SourcedRecord Problem(UrlLine line, string reason) =>
        new(line.Name, RecordResult.Bad(new RecordProblem(line.Line, "url", reason)));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
