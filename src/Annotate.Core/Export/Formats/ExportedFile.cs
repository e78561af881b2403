namespace Annotate.Core.Export.Formats;

/// <summary>A file an export wrote, as listed in the manifest.</summary>
/// <param name="Path">Relative to the export's root, with <c>/</c> between folders.</param>
/// <param name="Split">The split it holds, or null (a dataset card).</param>
/// <param name="Rows">Items written (0 for a file that is not a split).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes written.</param>
public sealed record ExportedFile(string Path, SplitName? Split, long Rows, long Bytes, string Sha256);
