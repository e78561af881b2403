namespace Annotate.Web.Features.Imports.WebPages;

/// <summary>A list of web pages: one URL per line; blank lines are ignored.</summary>
public sealed record WebSourceRequest(string? Urls);

public sealed record WebImportRequest(string? Urls, FieldMapping Mapping, BadRowPolicy BadRows = BadRowPolicy.RejectFile);

/// <summary>The first pages of a list as they will be imported.</summary>
/// <param name="Lines">How many lines the list has (blank lines and repeats not counted).</param>
/// <param name="Previewed">How many of them were read for the preview (the first few).</param>
/// <param name="Notes">What the import leaves out and why (repeated URLs).</param>
public sealed record WebPreviewDto(int Lines, int Previewed, IReadOnlyList<string> Notes, RecordPreview Records);
