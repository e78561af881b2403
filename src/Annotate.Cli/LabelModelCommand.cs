using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Annotate.Core.Ingest;
using Annotate.Core.WeakSupervision;

namespace Annotate.Cli;

/// <summary>
/// <c>annotate labelmodel</c>: fits a label model on LF votes (WRENCH JSON, or CSV with one column per LF and an
/// optional <c>label</c>) and scores it against the true labels, as the WRENCH benchmark does; optionally writes
/// every item's predicted label and class probabilities.
/// </summary>
internal static class LabelModelCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<FileInfo>("--input") { Description = "The votes to predict (and score, when they carry a label): WRENCH .json, or .csv/.tsv with one integer column per LF (-1 or empty = abstain) and optional 'label' and 'id' columns.", Required = true };
        var fit = new Option<FileInfo?>("--fit") { Description = "Fit the model on this file (same LFs, e.g. WRENCH train.json) instead of on --input." };
        var model = new Option<string>("--model") { Description = "majority: majority vote (ties to the likelier class); dawid-skene: Dawid–Skene EM; snorkel: Snorkel's matrix-completion label model.", DefaultValueFactory = _ => "dawid-skene" };
        model.AcceptOnlyFromAmong("majority", "dawid-skene", "snorkel");
        var classes = new Option<int?>("--classes") { Description = "Number of classes K (default: the largest class in a vote or label, plus one)." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write one CSV row per --input item: id, predicted label, and the probability of each class." };

        var command = new Command("labelmodel", "Fit a label model on labeling-function votes and score it.") { input, fit, model, classes, outFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            var request = new LabelModelRequest(
                result.GetValue(input)!.FullName,
                result.GetValue(fit)?.FullName,
                result.GetValue(model)!,
                result.GetValue(classes),
                result.GetValue(outFile)?.FullName);
            try
            {
                var report = await RunAsync(request, cancellationToken);
                await output.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Options));
                return AnnotateCli.Ok;
            }
            catch (Exception e) when (e is CliInputException or FileNotFoundException or DirectoryNotFoundException)
            {
                await error.WriteLineAsync($"annotate labelmodel: {e.Message}");
                return AnnotateCli.InvalidInput;
            }
            catch (InvalidOperationException e)
            {
                await error.WriteLineAsync($"annotate labelmodel: {e.Message}");
                return AnnotateCli.Failed;
            }
        });
        return command;
    }

    internal sealed record LabelModelRequest(string Input, string? Fit, string Model, int? Classes, string? Out);

    internal sealed record LabelModelReport(
        string Model,
        int Classes,
        int Items,
        int Covered,
        double? Accuracy,
        double? AccuracyCovered,
        double? MacroF1,
        double? F1,
        double FitSeconds,
        double PredictSeconds);

    internal static async Task<LabelModelReport> RunAsync(LabelModelRequest request, CancellationToken cancellationToken)
    {
        var inputTable = await ReadAsync(request.Input, cancellationToken);
        var fitTable = request.Fit is null ? inputTable : await ReadAsync(request.Fit, cancellationToken);
        if (!fitTable.LfNames.SequenceEqual(inputTable.LfNames))
        {
            throw new CliInputException(
                $"{Path.GetFileName(request.Fit)} has {fitTable.LfNames.Count} LFs ({Summary(fitTable.LfNames)}) but {Path.GetFileName(request.Input)} has {inputTable.LfNames.Count} ({Summary(inputTable.LfNames)}); both files need the same LF columns.");
        }
        var k = request.Classes ?? Math.Max(2, Math.Max(fitTable.MaxClass, inputTable.MaxClass) + 1);
        if (k < 2)
        {
            throw new CliInputException($"--classes must be at least 2, not {k}.");
        }
        var fitMatrix = ToMatrix(fitTable, k, request.Fit ?? request.Input);
        var inputMatrix = request.Fit is null ? fitMatrix : ToMatrix(inputTable, k, request.Input);

        var clock = Stopwatch.StartNew();
        ILabelModel model;
        try
        {
            model = request.Model switch
            {
                "majority" => MajorityVoteModel.Fit(fitMatrix),
                "snorkel" => MatrixCompletionModel.Fit(fitMatrix),
                _ => DawidSkeneModel.Fit(fitMatrix),
            };
        }
        catch (ArgumentException e)
        {
            throw new CliInputException($"{request.Model} cannot be fitted on {Path.GetFileName(request.Fit ?? request.Input)}: {e.Message}");
        }
        var fitSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var predictions = model.Predict(inputMatrix);
        var predictSeconds = clock.Elapsed.TotalSeconds;

        if (request.Out is not null)
        {
            await WritePredictionsAsync(request.Out, inputTable, predictions, cancellationToken);
        }
        var scores = PredictionScores.Compute(predictions, inputTable.Gold);
        return new LabelModelReport(
            request.Model,
            k,
            inputMatrix.ItemCount,
            inputMatrix.CoveredCount(),
            scores.Accuracy,
            scores.AccuracyCovered,
            scores.MacroF1,
            scores.F1,
            Math.Round(fitSeconds, 6),
            Math.Round(predictSeconds, 6));
    }

    private static async Task<VoteTable> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No file at {path}.");
        }
        try
        {
            var format = RecordReaders.FormatOf(path);
            await using var stream = File.OpenRead(path);
            return await VoteTable.ReadAsync(stream, format, cancellationToken);
        }
        catch (IngestException e)
        {
            throw new CliInputException($"{Path.GetFileName(path)}: {e.Message}");
        }
    }

    private static LabelMatrix ToMatrix(VoteTable table, int classes, string path)
    {
        try
        {
            return table.ToMatrix(classes);
        }
        catch (IngestException e)
        {
            throw new CliInputException($"{Path.GetFileName(path)}: {e.Message}");
        }
    }

    private static string Summary(IReadOnlyList<string> names) =>
        names.Count <= 4 ? string.Join(", ", names) : string.Join(", ", names.Take(3)) + ", …";

    private static async Task WritePredictionsAsync(string path, VoteTable table, LabelPredictions predictions, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var k = predictions.ClassCount;
        var line = new StringBuilder("id,predicted");
        for (var y = 0; y < k; y++)
        {
            line.Append(",p_").Append(y.ToString(CultureInfo.InvariantCulture));
        }
        await writer.WriteLineAsync(line, cancellationToken);
        for (var i = 0; i < predictions.ItemCount; i++)
        {
            line.Clear();
            line.Append(CsvField(table.Ids[i])).Append(',').Append(predictions.Labels[i].ToString(CultureInfo.InvariantCulture));
            foreach (var probability in predictions.ProbabilitiesOf(i))
            {
                line.Append(',').Append(probability.ToString("0.######", CultureInfo.InvariantCulture));
            }
            await writer.WriteLineAsync(line, cancellationToken);
        }
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
