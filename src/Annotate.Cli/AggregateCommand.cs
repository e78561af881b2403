using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Annotate.Core.Agreement;
using Annotate.Core.Ingest;

namespace Annotate.Cli;

/// <summary>
/// <c>annotate aggregate</c>: turns several annotators' labels (long format, header <c>item,annotator,label</c>, as for
/// <c>annotate agreement</c>) into one label per item by majority vote or Dawid–Skene, estimates each annotator's
/// accuracy, and scores the labels against gold answers (header <c>item,label</c>) when given.
/// </summary>
/// <remarks>
/// Annotators are treated as labeling functions and fitted with the same label models as the weak labels
/// (<see cref="LabelAggregation"/>). Labels are categories compared exactly (after trimming). An item whose labels are
/// all empty has no aggregated label: it is listed in <c>--out</c> with an empty label and confidence.
/// </remarks>
internal static class AggregateCommand
{
    private static readonly string[] GoldColumns = ["item", "label"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<FileInfo>("--input") { Description = "The annotations: CSV with the header item,annotator,label, one row per item and annotator; an empty label is a missing value.", Required = true };
        var method = new Option<string>("--method") { Description = "majority: the label most annotators gave (ties to the more common label); dawid-skene: Dawid–Skene EM, which weighs annotators by estimated reliability.", DefaultValueFactory = _ => "dawid-skene" };
        method.AcceptOnlyFromAmong("majority", "dawid-skene");
        var gold = new Option<FileInfo?>("--gold") { Description = "Known answers, CSV with the header item,label: the aggregated labels and each annotator are scored against them." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write one CSV row per item: item, label, confidence (the label's vote share, or its posterior for dawid-skene)." };

        var command = new Command("aggregate", "Aggregate several annotators' labels into one label per item and estimate each annotator's accuracy.") { input, method, gold, outFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            var request = new AggregateRequest(
                result.GetValue(input)!.FullName,
                result.GetValue(method) == "majority" ? AggregationMethod.MajorityVote : AggregationMethod.DawidSkene,
                result.GetValue(gold)?.FullName,
                result.GetValue(outFile)?.FullName);
            try
            {
                var report = await RunAsync(request, cancellationToken);
                await output.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Options));
                return AnnotateCli.Ok;
            }
            catch (Exception e) when (e is IngestException or CliInputException or FileNotFoundException or DirectoryNotFoundException)
            {
                await error.WriteLineAsync($"annotate aggregate: {e.Message}");
                return AnnotateCli.InvalidInput;
            }
        });
        return command;
    }

    internal sealed record AggregateRequest(string Input, AggregationMethod Method, string? Gold, string? Out);

    /// <param name="Annotator">The annotator as in the input.</param>
    /// <param name="Items">Items the annotator labeled.</param>
    /// <param name="EstimatedAccuracy">Dawid–Skene: the expected share of the annotator's labels that are right under
    /// the fitted model; majority: the share that equals the majority label.</param>
    /// <param name="GoldItems">Of the annotator's items, those with a gold answer (null without --gold).</param>
    /// <param name="GoldAccuracy">The annotator's accuracy on those items (null without --gold or without such items).</param>
    internal sealed record AnnotatorAccuracy(string Annotator, int Items, double? EstimatedAccuracy, int? GoldItems, double? GoldAccuracy);

    internal sealed record AggregateReport(
        string Method,
        int Items,
        int LabeledItems,
        int Annotators,
        IReadOnlyList<string> Classes,
        double? Accuracy,
        int? GoldItems,
        int? Iterations,
        bool? Converged,
        IReadOnlyList<AnnotatorAccuracy> AnnotatorAccuracy,
        IReadOnlyDictionary<string, string> Notes);

    internal static async Task<AggregateReport> RunAsync(AggregateRequest request, CancellationToken cancellationToken)
    {
        ReliabilityData<string> data;
        await using (var reader = await AgreementCommand.OpenAsync(request.Input, cancellationToken))
        {
            data = await AgreementCommand.ReadAsync(reader, new ReliabilityDataBuilder<string>(StringComparer.Ordinal), (label, _) => label, cancellationToken);
        }
        var gold = request.Gold is null ? null : await ReadGoldAsync(request.Gold, cancellationToken);
        var aggregated = LabelAggregation.Aggregate(data, request.Method);
        var notes = new SortedDictionary<string, string>(StringComparer.Ordinal);

        double? accuracy = null;
        int? goldItems = null;
        IReadOnlyList<ReferenceAgreement<string>>? versusGold = null;
        if (gold is not null)
        {
            int scored = 0, right = 0;
            foreach (var item in aggregated.Items)
            {
                if (item is not null && gold.TryGetValue(item.Item, out var answer))
                {
                    scored++;
                    right += item.Label == answer ? 1 : 0;
                }
            }
            goldItems = scored;
            accuracy = scored > 0 ? (double)right / scored : null;
            var unscored = gold.Count - scored;
            if (unscored > 0)
            {
                notes["gold_items"] = $"{unscored} of {gold.Count} gold items have no aggregated label (not in the input, or every label empty) and are not scored";
            }
            if (scored == 0)
            {
                notes["accuracy"] = "no gold item has an aggregated label";
            }
            versusGold = AgreementBreakdown.VersusReference(data, gold);
        }
        else
        {
            notes["accuracy"] = "no --gold file given";
        }
        if (data.Values.Count == 1)
        {
            notes["method"] = $"every label is '{data.Values[0]}', so every labeled item gets it and no model is fitted";
        }
        if (request.Method == AggregationMethod.DawidSkene && data.Annotators.Count == 2 && data.Values.Count > 1)
        {
            notes["estimated_accuracy"] = "with two annotators a disagreement cannot say which of them is right; the estimates lean on the label frequencies";
        }

        var annotators = aggregated.Annotators.Select((estimate, a) => new AnnotatorAccuracy(
            estimate.Annotator, estimate.Items, estimate.Accuracy, versusGold?[a].Items, versusGold?[a].Accuracy)).ToList();
        if (request.Out is not null)
        {
            await WriteLabelsAsync(request.Out, data, aggregated, cancellationToken);
        }
        var dawidSkene = request.Method == AggregationMethod.DawidSkene && data.Values.Count > 1;
        return new AggregateReport(
            request.Method == AggregationMethod.MajorityVote ? "majority" : "dawid-skene",
            data.Items.Count,
            aggregated.Items.Count(i => i is not null),
            data.Annotators.Count,
            aggregated.Classes,
            accuracy,
            goldItems,
            dawidSkene ? aggregated.Iterations : null,
            dawidSkene ? aggregated.Converged : null,
            annotators,
            notes);
    }

    /// <exception cref="CliInputException">The file breaks a rule; the message names the row and field.</exception>
    private static async Task<Dictionary<string, string>> ReadGoldAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No gold file at {path}.");
        }
        var name = Path.GetFileName(path);
        await using var reader = await RecordReaders.OpenFileAsync(path, ReadOptions.Default, cancellationToken);
        var missing = GoldColumns.Where(c => !reader.Columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new CliInputException(
                $"{name}: the header has no column {string.Join(", ", missing.Select(c => $"'{c}'"))}; a gold file needs item,label and has: {string.Join(",", reader.Columns)}.");
        }
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var result in reader.ReadAsync(cancellationToken))
        {
            if (result.Problem is { } problem)
            {
                throw new CliInputException($"{name}: {problem}");
            }
            var record = result.Record!;
            var item = record.Fields.GetValueOrDefault("item")?.Trim();
            var label = record.Fields.GetValueOrDefault("label")?.Trim();
            if (string.IsNullOrEmpty(item))
            {
                throw new CliInputException($"{name}: row {record.Row}, field 'item': the item is empty; every gold row needs an item and its label.");
            }
            if (string.IsNullOrEmpty(label))
            {
                throw new CliInputException($"{name}: row {record.Row}, field 'label': item '{item}' has no gold label; leave the row out instead.");
            }
            if (!firstRow.TryAdd(item, record.Row))
            {
                throw new CliInputException($"{name}: row {record.Row}, field 'item': item '{item}' already has a gold label on row {firstRow[item]}; each item has one.");
            }
            gold[item] = label;
        }
        return gold;
    }

    private static async Task WriteLabelsAsync(string path, ReliabilityData<string> data, AggregatedLabels<string> aggregated, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await writer.WriteLineAsync("item,label,confidence".AsMemory(), cancellationToken);
        var line = new StringBuilder();
        for (var u = 0; u < data.Items.Count; u++)
        {
            line.Clear();
            line.Append(CsvField(data.Items[u])).Append(',');
            // Items nobody labeled are listed too, with an empty label and confidence, so the file has every input item.
            if (aggregated.Items[u] is { } item)
            {
                line.Append(CsvField(item.Label)).Append(',').Append(item.Confidence.ToString("0.######", CultureInfo.InvariantCulture));
            }
            else
            {
                line.Append(',');
            }
            await writer.WriteLineAsync(line, cancellationToken);
        }
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
