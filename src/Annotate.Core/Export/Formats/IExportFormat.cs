namespace Annotate.Core.Export.Formats;

/// <summary>A file format an export can be written in: one file per split, plus whatever else the format needs (a dataset card).</summary>
public interface IExportFormat
{
    /// <summary>The name used on the command line and in manifests, e.g. "jsonl", "hf".</summary>
    string Name { get; }

    /// <summary>
    /// Writes <paramref name="dataset"/> to <paramref name="sink"/>. The bytes depend only on the dataset and the
    /// options (invariant culture, fixed key order, "\n" line ends, no clock).
    /// </summary>
    /// <returns>The files written, in order, with their sizes and SHA-256.</returns>
    /// <exception cref="ArgumentException">The dataset cannot be written in this format (a template names an unknown field, an item lacks a field the format needs); the message names the item.</exception>
    Task<IReadOnlyList<ExportedFile>> WriteAsync(ExportDataset dataset, IExportSink sink, ExportFormatOptions options, CancellationToken cancellationToken);
}
