namespace Annotate.Web.Features.Imports.WebPages;

/// <summary>A page could not be fetched; the message is the reason, in words for the Manager ("HTTP 404 Not Found").</summary>
public sealed class WebFetchException(string reason) : Exception(reason);
