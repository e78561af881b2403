namespace Annotate.Core.Ingest.WebPages;

/// <summary>What a fetched page is reduced to.</summary>
/// <param name="Title">The page's title, or <see langword="null"/> when it has none.</param>
/// <param name="Text">The main text: paragraphs separated by blank lines, whitespace collapsed.</param>
/// <param name="Description">The meta description, or <see langword="null"/>.</param>
/// <param name="Lang">The declared language (<c>&lt;html lang&gt;</c>), or <see langword="null"/>.</param>
public sealed record WebPage(string? Title, string Text, string? Description, string? Lang);
