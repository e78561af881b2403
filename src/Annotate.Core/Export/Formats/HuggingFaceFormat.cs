using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Annotate.Core.Export.Formats;

/// <summary>
/// A Hugging Face datasets folder: <c>data/train.jsonl</c> (and validation, test) with the JSONL columns, plus a
/// dataset card <c>README.md</c> whose YAML front matter names the features and the split files, so
/// <c>load_dataset("path/to/folder")</c> finds the splits by name.
/// </summary>
public sealed class HuggingFaceFormat : JsonSplitFormat
{
    public override string Name => "hf";

    protected override bool IsArray => false;

    protected override string PathOf(SplitName split) => "data/" + split.ToFileName() + ".jsonl";

    protected override void WriteItem(Utf8JsonWriter json, ExportItem item, ExportDataset dataset, ExportFormatOptions options) =>
        JsonOutput.WriteItem(json, item, dataset);

    protected override async Task<IReadOnlyList<ExportedFile>> WriteExtrasAsync(
        ExportDataset dataset, IExportSink sink, ExportFormatOptions options, IReadOnlyList<ExportedFile> splitFiles, CancellationToken cancellationToken)
    {
        var card = Encoding.UTF8.GetBytes(Card(dataset, options, splitFiles));
        var file = await ExportFiles.WriteAsync(sink, "README.md", split: null, async (stream, ct) =>
        {
            await stream.WriteAsync(card, ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return [file];
    }

    /// <summary>The dataset card: YAML front matter (configs, dataset_info) and a short description.</summary>
    internal static string Card(ExportDataset dataset, ExportFormatOptions options, IReadOnlyList<ExportedFile> splitFiles)
    {
        var name = OneLine(options.DatasetName);
        var yaml = new StringBuilder();
        yaml.Append("---\n");
        yaml.Append("pretty_name: ").Append(Quote(name)).Append('\n');
        yaml.Append("task_categories:\n- text-classification\n");
        yaml.Append("configs:\n- config_name: default\n  data_files:\n");
        foreach (var file in splitFiles)
        {
            yaml.Append("  - split: ").Append(file.Split!.Value.ToFileName()).Append('\n');
            yaml.Append("    path: ").Append(file.Path).Append('\n');
        }
        yaml.Append("dataset_info:\n  features:\n");
        foreach (var column in dataset.Columns)
        {
            yaml.Append("  - name: ").Append(Quote(column.Name)).Append('\n');
            yaml.Append(column.Kind == ExportColumnKind.Labels ? "    sequence: string\n" : "    dtype: string\n");
        }
        yaml.Append("  splits:\n");
        foreach (var file in splitFiles)
        {
            yaml.Append("  - name: ").Append(file.Split!.Value.ToFileName()).Append('\n');
            yaml.Append("    num_examples: ").Append(file.Rows.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        yaml.Append("---\n\n");

        yaml.Append("# ").Append(MarkdownText(name)).Append("\n\n");
        yaml.Append("Exported by Annotate. `manifest.json` beside this card records how: the split strategy, ratios and seed, ")
            .Append("the class counts per split, the class weights and the SHA-256 of every file.\n\n");
        yaml.Append("| split | file | examples |\n| --- | --- | --- |\n");
        foreach (var file in splitFiles)
        {
            yaml.Append("| ").Append(file.Split!.Value.ToFileName()).Append(" | `").Append(file.Path).Append("` | ")
                .Append(file.Rows.ToString(CultureInfo.InvariantCulture)).Append(" |\n");
        }
        yaml.Append('\n').Append(dataset.IsMultiLabel ? "Labels (`labels`, a list per example): " : "Labels (`label`): ")
            .Append(string.Join(", ", dataset.Classes.Select(c => "`" + c.Replace("`", "'", StringComparison.Ordinal) + "`")))
            .Append('\n');
        return yaml.ToString();
    }

    /// <summary>A YAML single-quoted scalar: only the quote itself needs escaping (doubled).</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string OneLine(string value) => value.ReplaceLineEndings(" ");

    private static string MarkdownText(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|')
            {
                text.Append('\\');
            }
            text.Append(c);
        }
        return text.ToString();
    }
}
