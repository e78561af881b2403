using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Annotate.Core.Agreement;
using Annotate.Core.Ingest;

namespace Annotate.Cli;

/// <summary>
/// <c>annotate agreement</c>: reads annotations in long format (one row per item and annotator, header
/// <c>item,annotator,label</c>, an empty label a missing value) and prints percent agreement, Krippendorff's α at the
/// chosen level, Fleiss' κ, Cohen's κ and κ for every pair of annotators as one JSON object.
/// </summary>
/// <remarks>
/// Ids and labels are trimmed. At the ordinal, interval and ratio levels labels must be numbers (invariant culture:
/// <c>3</c>, <c>2.5</c>); the level changes α only, the κ values are always unweighted (categories compared as equal or
/// not). A coefficient that is undefined for the data is null, and <c>notes</c> says why.
/// </remarks>
internal static class AgreementCommand
{
    private static readonly string[] RequiredColumns = ["item", "annotator", "label"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<FileInfo>("--input") { Description = "The annotations: CSV with the header item,annotator,label, one row per item and annotator; an empty label is a missing value.", Required = true };
        var level = new Option<string>("--level") { Description = "How values differ, for Krippendorff's α: nominal (labels), ordinal (ranks), interval or ratio (numbers). Labels must be numbers unless nominal.", DefaultValueFactory = _ => "nominal" };
        level.AcceptOnlyFromAmong("nominal", "ordinal", "interval", "ratio");

        var command = new Command("agreement", "Measure inter-annotator agreement: percent agreement, Krippendorff's α, Fleiss' κ and Cohen's κ.") { input, level };
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var report = await RunAsync(result.GetValue(input)!.FullName, ParseLevel(result.GetValue(level)!), cancellationToken);
                await output.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Options));
                return AnnotateCli.Ok;
            }
            catch (Exception e) when (e is IngestException or CliInputException or FileNotFoundException or DirectoryNotFoundException)
            {
                await error.WriteLineAsync($"annotate agreement: {e.Message}");
                return AnnotateCli.InvalidInput;
            }
        });
        return command;
    }

    internal sealed record PairKappa(string A, string B, double? Kappa, int Items);

    internal sealed record AgreementReport(
        int Items,
        int Annotators,
        int PairableItems,
        string Level,
        double? PercentAgreement,
        double? KrippendorffAlpha,
        double? FleissKappa,
        double? CohenKappa,
        IReadOnlyList<PairKappa> PairwiseCohenKappa,
        IReadOnlyDictionary<string, string> Notes);

    internal static async Task<AgreementReport> RunAsync(string path, MeasurementLevel level, CancellationToken cancellationToken)
    {
        await using var reader = await OpenAsync(path, cancellationToken);
        return level == MeasurementLevel.Nominal
            ? Report(await ReadAsync(reader, new ReliabilityDataBuilder<string>(StringComparer.Ordinal), (label, _) => label, cancellationToken), level, KrippendorffAlpha.Nominal)
            : Report(await ReadAsync(reader, new ReliabilityDataBuilder<double>(), (label, row) => Number(label, row, level), cancellationToken), level,
                data => KrippendorffAlpha.Compute(data, level));
    }

    /// <summary>Opens a long-format annotations file and checks its header (item,annotator,label).</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="CliInputException">A column is missing.</exception>
    internal static async Task<IRecordReader> OpenAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No file at {path}.");
        }
        var reader = await RecordReaders.OpenFileAsync(path, ReadOptions.Default, cancellationToken);
        var missing = RequiredColumns.Where(c => !reader.Columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            await reader.DisposeAsync();
            throw new CliInputException(
                $"the header has no column {string.Join(", ", missing.Select(c => $"'{c}'"))}; it needs item,annotator,label and has: {string.Join(",", reader.Columns)}.");
        }
        return reader;
    }

    /// <summary>Reads every row into reliability data: an empty label is a missing value; ids and labels are trimmed.</summary>
    internal static async Task<ReliabilityData<T>> ReadAsync<T>(
        IRecordReader reader, ReliabilityDataBuilder<T> builder, Func<string, long, T> parse, CancellationToken cancellationToken)
        where T : notnull
    {
        await foreach (var result in reader.ReadAsync(cancellationToken))
        {
            if (result.Problem is { } problem)
            {
                throw new CliInputException(problem.ToString());
            }
            var record = result.Record!;
            var item = Field(record, "item");
            var annotator = Field(record, "annotator");
            var label = record.Fields.GetValueOrDefault("label")?.Trim() ?? "";
            try
            {
                if (label.Length == 0)
                {
                    builder.AddMissing(item, annotator);
                }
                else
                {
                    builder.Add(item, annotator, parse(label, record.Row));
                }
            }
            catch (ArgumentException e)
            {
                // The one rule the builder enforces that the row checks above do not: one entry per item and annotator.
                throw new CliInputException($"Row {record.Row}: {e.Message}");
            }
        }
        return builder.Build();
    }

    internal static string Field(SourceRecord record, string column)
    {
        var value = record.Fields.GetValueOrDefault(column)?.Trim();
        return string.IsNullOrEmpty(value)
            ? throw new CliInputException($"Row {record.Row}, field '{column}': the {column} is empty; every row needs an item and an annotator (only the label may be empty).")
            : value;
    }

    private static double Number(string label, long row, MeasurementLevel level)
    {
        var name = LevelName(level);
        if (!double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            throw new CliInputException($"Row {row}, field 'label': '{label}' is not a number; --level {name} needs numeric labels (use --level nominal for categories).");
        }
        if (level == MeasurementLevel.Ratio && number < 0)
        {
            throw new CliInputException($"Row {row}, field 'label': {label} is negative; --level ratio needs values of 0 or more.");
        }
        return number;
    }

    private static AgreementReport Report<T>(ReliabilityData<T> data, MeasurementLevel level, Func<ReliabilityData<T>, AlphaResult> alpha)
        where T : notnull
    {
        var notes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var percent = PercentAgreement.Compute(data);
        Note(notes, "percent_agreement", percent.UndefinedReason);
        var krippendorff = alpha(data);
        Note(notes, "krippendorff_alpha", krippendorff.UndefinedReason);
        var fleiss = FleissKappa.Compute(data);
        Note(notes, "fleiss_kappa", fleiss.UndefinedReason);

        double? cohen = null;
        if (data.Annotators.Count == 2)
        {
            var kappa = CohensKappa.Compute(data, 0, 1);
            cohen = kappa.Kappa;
            Note(notes, "cohen_kappa", kappa.UndefinedReason);
        }
        else
        {
            notes["cohen_kappa"] = $"there are {data.Annotators.Count} annotators and Cohen's κ is for exactly two; see pairwise_cohen_kappa";
        }

        var pairs = AgreementBreakdown.ByPair(data).Select(p => new PairKappa(p.A, p.B, p.Kappa.Kappa, p.SharedItems)).ToList();
        return new AgreementReport(
            data.Items.Count, data.Annotators.Count, data.PairableItemCount, LevelName(level),
            percent.Value, krippendorff.Alpha, fleiss.Kappa, cohen, pairs, notes);
    }

    private static void Note(SortedDictionary<string, string> notes, string key, string? reason)
    {
        if (reason is not null)
        {
            notes[key] = reason;
        }
    }

    private static MeasurementLevel ParseLevel(string level) => level switch
    {
        "ordinal" => MeasurementLevel.Ordinal,
        "interval" => MeasurementLevel.Interval,
        "ratio" => MeasurementLevel.Ratio,
        _ => MeasurementLevel.Nominal,
    };

    private static string LevelName(MeasurementLevel level) => level.ToString().ToLowerInvariant();
}
