namespace Annotate.Core.Export.Formats;

/// <summary>The formats an export can be written in, by name.</summary>
public static class ExportFormats
{
    private static readonly IExportFormat[] Formats =
    [
        new JsonlFormat(),
        new CsvFormat(),
        new ParquetFormat(),
        new HuggingFaceFormat(),
        new OpenAiChatFormat(),
        new AlpacaFormat(),
        new PreferenceFormat(),
        new LabelStudioFormat(),
        new DoccanoFormat(),
    ];

    /// <summary>jsonl, csv, parquet, hf, openai-chat, alpaca, preference, label-studio, doccano.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Formats.Select(f => f.Name)];

    /// <summary>The format called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No format has that name; the message lists the names.</exception>
    public static IExportFormat Get(string name) =>
        Formats.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"There is no export format '{name}': use {string.Join(", ", Names)}.", nameof(name));
}
