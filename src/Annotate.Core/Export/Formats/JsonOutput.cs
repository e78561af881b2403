using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Annotate.Core.Export.Formats;

/// <summary>
/// A JSON writer over a buffer that is drained to the stream in 64 KiB chunks: JSON Lines (one compact document a
/// line) or one indented document. UTF-8 without BOM, "\n" line ends, non-ASCII text unescaped.
/// </summary>
internal sealed class JsonOutput
{
    private const int ChunkSize = 1 << 16;

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
    private static readonly JsonWriterOptions Pretty = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, NewLine = "\n" };

    private readonly ArrayBufferWriter<byte> buffer = new(ChunkSize * 2);
    private readonly Stream stream;

    public JsonOutput(Stream stream, bool indented)
    {
        this.stream = stream;
        Json = new Utf8JsonWriter(buffer, indented ? Pretty : Compact);
    }

    public Utf8JsonWriter Json { get; }

    /// <summary>Ends a JSON Lines record: a newline, and the writer ready for the next document.</summary>
    public ValueTask EndLineAsync(CancellationToken cancellationToken)
    {
        Json.Flush();
        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
        Json.Reset();
        return buffer.WrittenCount >= ChunkSize ? DrainAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Moves what is written so far to the stream when it is a chunk's worth (inside one indented document).</summary>
    public ValueTask MaybeDrainAsync(CancellationToken cancellationToken)
    {
        if (Json.BytesPending + buffer.WrittenCount < ChunkSize)
        {
            return ValueTask.CompletedTask;
        }
        Json.Flush();
        return DrainAsync(cancellationToken);
    }

    /// <summary>Writes everything left; for an indented document, ends it with a newline.</summary>
    public async ValueTask CompleteAsync(bool finalNewline, CancellationToken cancellationToken)
    {
        Json.Flush();
        if (finalNewline)
        {
            buffer.GetSpan(1)[0] = (byte)'\n';
            buffer.Advance(1);
        }
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        await Json.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        buffer.ResetWrittenCount();
    }

    /// <summary>An item as an object with the dataset's columns (labels as a string, or an array for multi-label data; missing values null).</summary>
    public static void WriteItem(Utf8JsonWriter json, ExportItem item, ExportDataset dataset)
    {
        json.WriteStartObject();
        foreach (var column in dataset.Columns)
        {
            switch (column.Kind)
            {
                case ExportColumnKind.Label:
                    json.WriteString(column.Name, item.Record.Labels[0]);
                    break;
                case ExportColumnKind.Labels:
                    json.WriteStartArray(column.Name);
                    foreach (var label in item.Record.Labels)
                    {
                        json.WriteStringValue(label);
                    }
                    json.WriteEndArray();
                    break;
                default:
                    if (column.TextOf(item) is { } value)
                    {
                        json.WriteString(column.Name, value);
                    }
                    else
                    {
                        json.WriteNull(column.Name);
                    }
                    break;
            }
        }
        json.WriteEndObject();
    }
}
