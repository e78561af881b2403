using System.Text;

namespace Annotate.Core.Export.Formats;

/// <summary>
/// CSV (RFC 4180) per split, UTF-8 without BOM, "\n" line ends, a header row of the dataset's columns. A field is
/// quoted when it holds a comma, a quote, a line break or leading/trailing spaces. Multi-label labels are joined
/// by <c>|</c>, or written as a JSON array when some label itself contains <c>|</c> (both forms
/// <c>annotate split</c> reads back).
/// </summary>
public sealed class CsvFormat : IExportFormat
{
    public string Name => "csv";

    public async Task<IReadOnlyList<ExportedFile>> WriteAsync(ExportDataset dataset, IExportSink sink, ExportFormatOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        var labelsAsJson = dataset.IsMultiLabel && dataset.Classes.Any(c => c.Contains('|', StringComparison.Ordinal));
        var counter = new ProgressCounter(options.Progress);
        var files = new List<ExportedFile>();
        foreach (var split in dataset.Splits)
        {
            files.Add(await ExportFiles.WriteAsync(sink, split.Name.ToFileName() + ".csv", split.Name, async (stream, ct) =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                var line = new StringBuilder();
                for (var c = 0; c < dataset.Columns.Count; c++)
                {
                    AppendField(line.Append(c == 0 ? "" : ","), dataset.Columns[c].Name);
                }
                await writer.WriteLineAsync(line, ct).ConfigureAwait(false);
                foreach (var item in split.Items)
                {
                    line.Clear();
                    for (var c = 0; c < dataset.Columns.Count; c++)
                    {
                        var column = dataset.Columns[c];
                        if (c > 0)
                        {
                            line.Append(',');
                        }
                        var value = column.Kind switch
                        {
                            ExportColumnKind.Labels => labelsAsJson
                                ? System.Text.Json.JsonSerializer.Serialize(item.Record.Labels)
                                : string.Join('|', item.Record.Labels),
                            ExportColumnKind.Label => item.Record.Labels[0],
                            _ => column.TextOf(item),
                        };
                        AppendField(line, value);
                    }
                    await writer.WriteLineAsync(line, ct).ConfigureAwait(false);
                    counter.Add();
                }
                await writer.FlushAsync(ct).ConfigureAwait(false);
                return split.Items.Count;
            }, cancellationToken).ConfigureAwait(false));
            counter.Flush();
        }
        return files;
    }

    private static void AppendField(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        var quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
        if (!quote)
        {
            line.Append(value);
            return;
        }
        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
