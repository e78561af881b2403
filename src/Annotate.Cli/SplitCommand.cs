using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Annotate.Core.Export;
using Annotate.Core.Export.Balancing;
using Annotate.Core.Export.Formats;
using Annotate.Core.Export.Splits;
using Annotate.Core.Ingest;

namespace Annotate.Cli;

/// <summary>
/// <c>annotate split</c>: reads a labeled file (CSV/TSV/JSON/JSONL/Parquet), splits it into train/validation/test
/// (random, stratified, iterative, group-aware or time-ordered), balances train if asked, writes one file per split
/// in the chosen format plus <c>manifest.json</c> into a folder, and prints the manifest.
/// </summary>
internal static class SplitCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<FileInfo>("--input") { Description = "The labeled file; its type comes from the extension (.csv .tsv .json .jsonl .parquet) unless --input-format says.", Required = true };
        var labelField = new Option<string>("--label-field") { Description = "The field with the label; for multi-label data a JSON array or a '|'-separated list.", Required = true };
        var textField = new Option<string>("--text-field") { Description = "The field with the text.", DefaultValueFactory = _ => "text" };
        var idField = new Option<string>("--id-field") { Description = "The field with a unique id (default 'id' when the file has it, else the row number)." };
        var groupField = new Option<string?>("--group-field") { Description = "Items with the same value here stay in one split." };
        var timeField = new Option<string?>("--time-field") { Description = "A timestamp (ISO 8601, or Unix seconds) for the time-ordered strategy." };
        var duplicateField = new Option<string?>("--duplicate-group-field") { Description = "A near-duplicate group id (e.g. from annotate clean); a group stays in one split." };
        var ratios = new Option<string>("--ratios") { Description = "train,validation[,test] shares summing to 1 (or 100).", DefaultValueFactory = _ => "0.8,0.1,0.1" };
        var strategy = new Option<string?>("--strategy") { Description = "random | stratified | iterative | group | time (default: time with --time-field, group with a group field, iterative for multi-label data, else stratified)." };
        strategy.AcceptOnlyFromAmong("random", "stratified", "iterative", "group", "time");
        var seed = new Option<long>("--seed") { Description = "Seeds every random choice; the same seed gives the same files.", DefaultValueFactory = _ => 42 };
        var balance = new Option<string>("--balance") { Description = "Train only: none | undersample | oversample (copies marked with duplicate_of) | cap (with --cap).", DefaultValueFactory = _ => "none" };
        balance.AcceptOnlyFromAmong("none", "undersample", "oversample", "cap");
        var cap = new Option<int?>("--cap") { Description = "With --balance cap: the most items a class keeps in train." };
        var beta = new Option<double>("--beta") { Description = "β of the effective-number class weights in the manifest.", DefaultValueFactory = _ => 0.999 };
        var format = new Option<string>("--format") { Description = "Output format: " + string.Join(" | ", ExportFormats.Names) + ".", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong([.. ExportFormats.Names]);
        var template = new Option<FileInfo?>("--template") { Description = "JSON with the openai-chat templates (system, user, assistant) or the alpaca ones (instruction, input, output); placeholders {text} {label} {label_names} {id} {field}." };
        var project = new Option<string?>("--project") { Description = "The project name written to the manifest (and the dataset card's title)." };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "The folder to write the split files and manifest.json into.", Required = true };
        var inputFormat = new Option<string?>("--input-format") { Description = "Read the input as csv | tsv | json | jsonl | parquet whatever its extension." };
        inputFormat.AcceptOnlyFromAmong("csv", "tsv", "json", "jsonl", "parquet");
        var columns = new Option<string?>("--columns") { Description = "For a CSV/TSV file without a header: the column names, comma-separated." };
        var encoding = new Option<string?>("--encoding") { Description = "utf-8, utf-16 or latin-1 (default: detect)." };

        var command = new Command("split", "Split a labeled dataset into train/validation/test and export it with a manifest.")
        {
            input, labelField, textField, idField, groupField, timeField, duplicateField, ratios, strategy, seed, balance, cap, beta,
            format, template, project, outDir, inputFormat, columns, encoding,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var request = new SplitRequest(
                result.GetValue(input)!.FullName,
                result.GetValue(labelField)!,
                result.GetValue(textField)!,
                result.GetValue(idField),
                result.GetValue(groupField),
                result.GetValue(timeField),
                result.GetValue(duplicateField),
                result.GetValue(ratios)!,
                result.GetValue(strategy),
                result.GetValue(seed),
                result.GetValue(balance)!,
                result.GetValue(cap),
                result.GetValue(beta),
                result.GetValue(format)!,
                result.GetValue(template)?.FullName,
                result.GetValue(project),
                result.GetValue(outDir)!.FullName,
                result.GetValue(inputFormat),
                result.GetValue(columns),
                result.GetValue(encoding));
            try
            {
                var manifest = await RunAsync(request, cancellationToken);
                await output.WriteAsync(Encoding.UTF8.GetString(manifest.ManifestJson));
                return AnnotateCli.Ok;
            }
            catch (Exception e) when (e is IngestException or CliInputException or ArgumentException or FileNotFoundException or DirectoryNotFoundException)
            {
                await error.WriteLineAsync($"annotate split: {e.Message}");
                return AnnotateCli.InvalidInput;
            }
        });
        return command;
    }

    internal sealed record SplitRequest(
        string Input,
        string LabelField,
        string TextField,
        string? IdField,
        string? GroupField,
        string? TimeField,
        string? DuplicateGroupField,
        string Ratios,
        string? Strategy,
        long Seed,
        string Balance,
        int? Cap,
        double Beta,
        string Format,
        string? Template,
        string? Project,
        string Out,
        string? InputFormat = null,
        string? Columns = null,
        string? Encoding = null);

    internal static async Task<ExportResult> RunAsync(SplitRequest request, CancellationToken cancellationToken)
    {
        var ratios = SplitRatios.Parse(request.Ratios);
        if (request.Balance == "cap" && request.Cap is not > 0)
        {
            throw new CliInputException("--balance cap needs --cap N (N ≥ 1): the most items a class keeps in train.");
        }
        var formatOptions = request.Template is null ? ExportFormatOptions.Default : await ReadTemplateAsync(request.Template, cancellationToken);
        formatOptions = formatOptions with { DatasetName = request.Project ?? Path.GetFileNameWithoutExtension(request.Input) };

        var table = await ReadAsync(request, cancellationToken);
        var multiLabel = table.MultiLabel;
        var strategy = request.Strategy switch
        {
            "random" => SplitStrategy.Random,
            "stratified" => SplitStrategy.Stratified,
            "iterative" => SplitStrategy.Iterative,
            "group" => SplitStrategy.Group,
            "time" => SplitStrategy.Time,
            _ when request.TimeField is not null => SplitStrategy.Time,
            _ when request.GroupField is not null || request.DuplicateGroupField is not null => SplitStrategy.Group,
            _ when multiLabel => SplitStrategy.Iterative,
            _ => SplitStrategy.Stratified,
        };
        if (strategy == SplitStrategy.Time && request.TimeField is null)
        {
            throw new CliInputException("--strategy time needs --time-field: the field with each row's timestamp.");
        }
        if (strategy == SplitStrategy.Stratified && table.FirstMultiLabelRow is { } row)
        {
            throw new CliInputException(
                $"Row {row}, field '{request.LabelField}': more than one label, and stratified splitting needs exactly one per row; use --strategy iterative for multi-label data.");
        }
        var settings = new ExportSettings
        {
            Split = new SplitOptions { Ratios = ratios, Strategy = strategy, Seed = request.Seed },
            Balance = new BalanceOptions
            {
                Mode = request.Balance switch
                {
                    "undersample" => BalanceMode.Undersample,
                    "oversample" => BalanceMode.Oversample,
                    "cap" => BalanceMode.Cap,
                    _ => BalanceMode.None,
                },
                CapPerClass = request.Cap,
                Beta = request.Beta,
            },
            Format = request.Format,
            FormatOptions = formatOptions,
            MetadataFields = table.MetadataFields,
            Manifest = new ManifestInfo
            {
                Project = request.Project,
                Filters = new Dictionary<string, string> { ["input"] = Path.GetFileName(request.Input) },
            },
        };
        Directory.CreateDirectory(request.Out);
        return await DatasetExporter.ExportAsync(table.Records, settings, new FolderExportSink(request.Out), cancellationToken);
    }

    private sealed record InputTable(IReadOnlyList<SplitRecord> Records, IReadOnlyList<string> MetadataFields, bool MultiLabel, long? FirstMultiLabelRow);

    private static async Task<InputTable> ReadAsync(SplitRequest request, CancellationToken cancellationToken)
    {
        if (!File.Exists(request.Input))
        {
            throw new FileNotFoundException($"No file at {request.Input}.");
        }
        var names = request.Columns?.Split(',', StringSplitOptions.TrimEntries);
        var readOptions = new ReadOptions { Encoding = request.Encoding, HasHeader = names is null, ColumnNames = names };
        await using var stream = File.OpenRead(request.Input);
        var sourceFormat = request.InputFormat switch
        {
            "csv" => SourceFormat.Csv,
            "tsv" => SourceFormat.Tsv,
            "json" => SourceFormat.Json,
            "jsonl" => SourceFormat.Jsonl,
            "parquet" => SourceFormat.Parquet,
            _ => RecordReaders.FormatOf(request.Input),
        };
        await using var reader = await RecordReaders.OpenAsync(stream, sourceFormat, readOptions, cancellationToken);

        var idField = request.IdField ?? (reader.Columns.Contains("id") ? "id" : null);
        var required = new List<string> { request.TextField, request.LabelField };
        foreach (var field in new[] { idField, request.GroupField, request.TimeField, request.DuplicateGroupField })
        {
            if (field is not null)
            {
                required.Add(field);
            }
        }
        foreach (var field in required)
        {
            if (!reader.Columns.Contains(field))
            {
                throw new CliInputException($"The file has no field '{field}'; its fields are: {string.Join(", ", reader.Columns)}.");
            }
        }

        var records = new List<SplitRecord>();
        var rowOfId = new Dictionary<string, long>(StringComparer.Ordinal);
        var multiLabel = false;
        long? firstMultiLabelRow = null;
        await foreach (var result in reader.ReadAsync(cancellationToken))
        {
            if (result.Problem is { } problem)
            {
                throw new CliInputException(problem.ToString());
            }
            var record = result.Record!;
            var fields = record.Fields;
            var id = idField is null ? record.Row.ToString(CultureInfo.InvariantCulture) : fields.GetValueOrDefault(idField);
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new CliInputException($"Row {record.Row}, field '{idField}': no id.");
            }
            if (!rowOfId.TryAdd(id, record.Row))
            {
                throw new CliInputException($"Row {record.Row}, field '{idField}': the id '{id}' is already on row {rowOfId[id]}; ids must be unique.");
            }
            var text = fields.GetValueOrDefault(request.TextField);
            if (text is null)
            {
                throw new CliInputException($"Row {record.Row}, field '{request.TextField}': no text.");
            }
            var (labels, isList) = ParseLabels(fields.GetValueOrDefault(request.LabelField), record.Row, request.LabelField);
            multiLabel |= isList;
            if (labels.Count != 1)
            {
                firstMultiLabelRow ??= record.Row;
            }
            var metadata = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in fields)
            {
                if (!required.Contains(key))
                {
                    metadata[key] = value;
                }
            }
            records.Add(new SplitRecord(id, text, labels)
            {
                GroupKey = request.GroupField is null ? null : NullIfEmpty(fields.GetValueOrDefault(request.GroupField)),
                NearDuplicateGroup = request.DuplicateGroupField is null ? null : NullIfEmpty(fields.GetValueOrDefault(request.DuplicateGroupField)),
                Timestamp = request.TimeField is null ? null : ParseTime(fields.GetValueOrDefault(request.TimeField), record.Row, request.TimeField),
                Metadata = metadata,
            });
        }
        if (records.Count == 0)
        {
            throw new CliInputException($"{Path.GetFileName(request.Input)} has no rows to split.");
        }
        // JSON readers learn columns as they go, so the final list is known only now; input order is kept.
        var metadataFields = reader.Columns.Where(c => !required.Contains(c)).ToList();
        return new InputTable(records, metadataFields, multiLabel, firstMultiLabelRow);
    }

    /// <summary>One label, a JSON array of labels, or labels separated by '|'.</summary>
    private static (IReadOnlyList<string> Labels, bool IsList) ParseLabels(string? value, long row, string field)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new CliInputException($"Row {row}, field '{field}': no label. Leave unlabeled rows out of the file, or give them a label.");
        }
        if (text.StartsWith('['))
        {
            try
            {
                var labels = JsonSerializer.Deserialize<string?[]>(text) ?? [];
                if (labels.Any(string.IsNullOrWhiteSpace))
                {
                    throw new CliInputException($"Row {row}, field '{field}': the label list {text} has an empty or null label.");
                }
                return ([.. labels.Select(l => l!.Trim()).Distinct(StringComparer.Ordinal)], true);
            }
            catch (JsonException)
            {
                throw new CliInputException($"Row {row}, field '{field}': '{text}' starts like a JSON array of labels but is not one (write [\"a\",\"b\"] or a|b).");
            }
        }
        if (text.Contains('|'))
        {
            var labels = text.Split('|', StringSplitOptions.TrimEntries);
            if (labels.Any(l => l.Length == 0))
            {
                throw new CliInputException($"Row {row}, field '{field}': the label list '{text}' has an empty label between its '|'.");
            }
            return ([.. labels.Distinct(StringComparer.Ordinal)], true);
        }
        return ([text], false);
    }

    private static DateTimeOffset ParseTime(string? value, long row, string field)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new CliInputException($"Row {row}, field '{field}': no timestamp, and the time-ordered split needs one on every row.");
        }
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        throw new CliInputException($"Row {row}, field '{field}': '{text}' is not a timestamp (use ISO 8601, e.g. 2024-03-01T12:00:00Z, or Unix seconds).");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private sealed record TemplateFile(string? System, string? User, string? Assistant, string? Instruction, string? Input, string? Output);

    private static async Task<ExportFormatOptions> ReadTemplateAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No template file at {path}.");
        }
        TemplateFile? file;
        try
        {
            await using var stream = File.OpenRead(path);
            file = await JsonSerializer.DeserializeAsync<TemplateFile>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true }, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new CliInputException($"{Path.GetFileName(path)} is not a JSON object of templates: {e.Message}");
        }
        if (file is null)
        {
            throw new CliInputException($"{Path.GetFileName(path)} is not a JSON object of templates.");
        }
        var chat = ChatTemplate.Default;
        var alpaca = AlpacaTemplate.Default;
        return ExportFormatOptions.Default with
        {
            Chat = new ChatTemplate(
                file.System is null ? chat.System : PromptTemplate.Parse(file.System),
                file.User is null ? chat.User : PromptTemplate.Parse(file.User),
                file.Assistant is null ? chat.Assistant : PromptTemplate.Parse(file.Assistant)),
            Alpaca = new AlpacaTemplate(
                file.Instruction is null ? alpaca.Instruction : PromptTemplate.Parse(file.Instruction),
                file.Input is null ? alpaca.Input : PromptTemplate.Parse(file.Input),
                file.Output is null ? alpaca.Output : PromptTemplate.Parse(file.Output)),
        };
    }
}
