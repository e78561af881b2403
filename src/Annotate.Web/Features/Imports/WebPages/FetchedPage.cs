namespace Annotate.Web.Features.Imports.WebPages;

/// <summary>A page as fetched: where it ended up after redirects, its media type, its decoded body and when it came.</summary>
public sealed record FetchedPage(Uri Url, Uri FinalUrl, string MediaType, string Body, string? ContentLanguage, DateTimeOffset FetchedAt)
{
    public bool IsHtml => MediaType is "text/html" or "application/xhtml+xml";
}
