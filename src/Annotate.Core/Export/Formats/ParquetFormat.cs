using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace Annotate.Core.Export.Formats;

/// <summary>
/// Parquet per split (Parquet.Net, Snappy): a string column per dataset column, except multi-label labels, which
/// are a list of strings. A missing value is null.
/// </summary>
public sealed class ParquetFormat : IExportFormat
{
    public string Name => "parquet";

    public async Task<IReadOnlyList<ExportedFile>> WriteAsync(ExportDataset dataset, IExportSink sink, ExportFormatOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        var schema = new ParquetSchema(dataset.Columns.Select(c => c.Kind == ExportColumnKind.Labels
            ? (Field)new ListField(c.Name, new DataField<string>("element"))
            : new DataField<string>(c.Name, nullable: true)));
        var counter = new ProgressCounter(options.Progress);
        var files = new List<ExportedFile>();
        foreach (var split in dataset.Splits)
        {
            var rows = new List<IDictionary<string, object?>>(split.Items.Count);
            foreach (var item in split.Items)
            {
                var row = new Dictionary<string, object?>(dataset.Columns.Count, StringComparer.Ordinal);
                foreach (var column in dataset.Columns)
                {
                    row[column.Name] = column.Kind switch
                    {
                        // The untyped serializer takes list elements as UTF-16 memory.
                        ExportColumnKind.Labels => item.Record.Labels.Select(l => (ReadOnlyMemory<char>?)l.AsMemory()).ToList(),
                        ExportColumnKind.Label => item.Record.Labels[0],
                        _ => column.TextOf(item),
                    };
                }
                rows.Add(row);
                counter.Add();
            }
            // Parquet writes its footer by seeking back; the sink's stream (a zip entry) may not seek.
            using var buffer = new MemoryStream();
            await ParquetSerializer.SerializeUntypedAsync(rows, schema, buffer, new ParquetOptions(), customMetadata: null, cancellationToken).ConfigureAwait(false);
            files.Add(await ExportFiles.WriteAsync(sink, split.Name.ToFileName() + ".parquet", split.Name, async (stream, ct) =>
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(stream, ct).ConfigureAwait(false);
                return split.Items.Count;
            }, cancellationToken).ConfigureAwait(false));
            counter.Flush();
        }
        return files;
    }
}
