using System.Text.Json;

namespace Annotate.Core.Export.Formats;

/// <summary>
/// The shape every JSON format shares: one file per split, either JSON Lines (one object a line) or one indented
/// array, each item written by the format.
/// </summary>
public abstract class JsonSplitFormat : IExportFormat
{
    public abstract string Name { get; }

    /// <summary>True: one indented JSON array per file; false: JSON Lines.</summary>
    protected abstract bool IsArray { get; }

    /// <summary>The path of a split's file, e.g. "train.jsonl".</summary>
    protected virtual string PathOf(SplitName split) => split.ToFileName() + (IsArray ? ".json" : ".jsonl");

    /// <summary>Checks the dataset and options before anything is written.</summary>
    /// <exception cref="ArgumentException">The dataset cannot be written in this format.</exception>
    protected virtual void Validate(ExportDataset dataset, ExportFormatOptions options)
    {
    }

    /// <summary>Writes one item as one JSON value.</summary>
    protected abstract void WriteItem(Utf8JsonWriter json, ExportItem item, ExportDataset dataset, ExportFormatOptions options);

    /// <summary>Files written after the splits (a dataset card).</summary>
    protected virtual Task<IReadOnlyList<ExportedFile>> WriteExtrasAsync(
        ExportDataset dataset, IExportSink sink, ExportFormatOptions options, IReadOnlyList<ExportedFile> splitFiles, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExportedFile>>([]);

    public async Task<IReadOnlyList<ExportedFile>> WriteAsync(ExportDataset dataset, IExportSink sink, ExportFormatOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        Validate(dataset, options);
        var counter = new ProgressCounter(options.Progress);
        var files = new List<ExportedFile>();
        foreach (var split in dataset.Splits)
        {
            files.Add(await ExportFiles.WriteAsync(sink, PathOf(split.Name), split.Name, async (stream, ct) =>
            {
                var output = new JsonOutput(stream, IsArray);
                if (IsArray)
                {
                    output.Json.WriteStartArray();
                }
                foreach (var item in split.Items)
                {
                    WriteItem(output.Json, item, dataset, options);
                    if (IsArray)
                    {
                        await output.MaybeDrainAsync(ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await output.EndLineAsync(ct).ConfigureAwait(false);
                    }
                    counter.Add();
                }
                if (IsArray)
                {
                    output.Json.WriteEndArray();
                }
                await output.CompleteAsync(finalNewline: IsArray, ct).ConfigureAwait(false);
                return split.Items.Count;
            }, cancellationToken).ConfigureAwait(false));
            counter.Flush();
        }
        files.AddRange(await WriteExtrasAsync(dataset, sink, options, files, cancellationToken).ConfigureAwait(false));
        return files;
    }
}

/// <summary>JSON Lines: one object per item with the dataset's columns (<see cref="ExportDataset.Columns"/>).</summary>
public sealed class JsonlFormat : JsonSplitFormat
{
    public override string Name => "jsonl";

    protected override bool IsArray => false;

    protected override void WriteItem(Utf8JsonWriter json, ExportItem item, ExportDataset dataset, ExportFormatOptions options) =>
        JsonOutput.WriteItem(json, item, dataset);
}

/// <summary>
/// OpenAI chat fine-tuning JSONL: <c>{"messages":[{"role":"system","content":…},{"role":"user",…},{"role":"assistant",…}]}</c>
/// per line, the contents from <see cref="ExportFormatOptions.Chat"/>.
/// </summary>
public sealed class OpenAiChatFormat : JsonSplitFormat
{
    public override string Name => "openai-chat";

    protected override bool IsArray => false;

    protected override void Validate(ExportDataset dataset, ExportFormatOptions options)
    {
        options.Chat.System.Validate(dataset, "system");
        options.Chat.User.Validate(dataset, "user");
        options.Chat.Assistant.Validate(dataset, "assistant");
    }

    protected override void WriteItem(Utf8JsonWriter json, ExportItem item, ExportDataset dataset, ExportFormatOptions options)
    {
        json.WriteStartObject();
        json.WriteStartArray("messages");
        var system = options.Chat.System.Render(item, dataset);
        if (system.Length > 0)
        {
            WriteMessage(json, "system", system);
        }
        WriteMessage(json, "user", options.Chat.User.Render(item, dataset));
        WriteMessage(json, "assistant", options.Chat.Assistant.Render(item, dataset));
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }
}

/// <summary>Alpaca: one JSON array per split of <c>{"instruction","input","output"}</c>, from <see cref="ExportFormatOptions.Alpaca"/>.</summary>
public sealed class AlpacaFormat : JsonSplitFormat
{
    public override string Name => "alpaca";

    protected override bool IsArray => true;

    protected override void Validate(ExportDataset dataset, ExportFormatOptions options)
    {
        options.Alpaca.Instruction.Validate(dataset, "instruction");
        options.Alpaca.Input.Validate(dataset, "input");
        options.Alpaca.Output.Validate(dataset, "output");
    }

    protected override void WriteItem(Utf8JsonWriter json, ExportItem item, ExportDataset dataset, ExportFormatOptions options)
    {
        json.WriteStartObject();
        json.WriteString("instruction", options.Alpaca.Instruction.Render(item, dataset));
        json.WriteString("input", options.Alpaca.Input.Render(item, dataset));
        json.WriteString("output", options.Alpaca.Output.Render(item, dataset));
        json.WriteEndObject();
    }
}

/// <summary>
/// Preference pairs for reward models and DPO: <c>{"prompt","chosen","rejected"}</c> per line, taken from the
/// items' fields named in <see cref="ExportFormatOptions.Preference"/>. Every item needs all three.
/// </summary>
public sealed class PreferenceFormat : JsonSplitFormat
{
    public override string Name => "preference";

    protected override bool IsArray => false;

    protected override void Validate(ExportDataset dataset, ExportFormatOptions options)
    {
        var fields = options.Preference;
        foreach (var split in dataset.Splits)
        {
            foreach (var item in split.Items)
            {
                foreach (var field in new[] { fields.Prompt, fields.Chosen, fields.Rejected })
                {
                    if (string.IsNullOrEmpty(item.Record.Metadata.GetValueOrDefault(field)))
                    {
                        throw new ArgumentException(
                            $"Preference pairs need '{fields.Prompt}', '{fields.Chosen}' and '{fields.Rejected}' on every item; item '{item.Record.Id}' has no '{field}'.");
                    }
                }
            }
        }
    }

    protected override void WriteItem(Utf8JsonWriter json, ExportItem item, ExportDataset dataset, ExportFormatOptions options)
    {
        var metadata = item.Record.Metadata;
        json.WriteStartObject();
        json.WriteString("prompt", metadata[options.Preference.Prompt]);
        json.WriteString("chosen", metadata[options.Preference.Chosen]);
        json.WriteString("rejected", metadata[options.Preference.Rejected]);
        json.WriteEndObject();
    }
}

/// <summary>
/// Label Studio tasks with their labels as annotations: a JSON array per split of
/// <c>{"data":{"id","text",…fields},"annotations":[{"result":[{"from_name","to_name","type":"choices","value":{"choices":[…]}}]}]}</c>.
/// Import it into a project whose config has <c>&lt;Choices name="label" toName="text"&gt;</c> (names set in the options).
/// </summary>
public sealed class LabelStudioFormat : JsonSplitFormat
{
    public override string Name => "label-studio";

    protected override bool IsArray => true;

    protected override void WriteItem(Utf8JsonWriter json, ExportItem item, ExportDataset dataset, ExportFormatOptions options)
    {
        json.WriteStartObject();
        json.WriteStartObject("data");
        foreach (var column in dataset.Columns)
        {
            if (column.Kind is ExportColumnKind.Label or ExportColumnKind.Labels)
            {
                continue;
            }
            if (column.TextOf(item) is { } value)
            {
                json.WriteString(column.Name, value);
            }
        }
        json.WriteEndObject();
        json.WriteStartArray("annotations");
        json.WriteStartObject();
        json.WriteStartArray("result");
        if (item.Record.Labels.Count > 0)
        {
            json.WriteStartObject();
            json.WriteString("from_name", options.LabelStudioFromName);
            json.WriteString("to_name", options.LabelStudioToName);
            json.WriteString("type", "choices");
            json.WriteStartObject("value");
            json.WriteStartArray("choices");
            foreach (var label in item.Record.Labels)
            {
                json.WriteStringValue(label);
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }
}

/// <summary>Doccano text classification JSONL: <c>{"id","text","label":[…]}</c> per line (doccano keeps other keys as metadata).</summary>
public sealed class DoccanoFormat : JsonSplitFormat
{
    public override string Name => "doccano";

    protected override bool IsArray => false;

    protected override void WriteItem(Utf8JsonWriter json, ExportItem item, ExportDataset dataset, ExportFormatOptions options)
    {
        json.WriteStartObject();
        json.WriteString("id", item.Id);
        json.WriteString("text", item.Record.Text);
        json.WriteStartArray("label");
        foreach (var label in item.Record.Labels)
        {
            json.WriteStringValue(label);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
