using System.CommandLine;
using System.Text.Json;
using Annotate.Core.Cleaning;
using Annotate.Core.Ingest;

namespace Annotate.Cli;

/// <summary>
/// <c>annotate clean</c>: reads CSV/TSV/JSON/JSONL/Parquet, cleans the text field (normalise, HTML to text, PII),
/// removes duplicates and writes the kept rows as JSONL, then prints a JSON report.
/// </summary>
internal static class CleanCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<FileInfo>("--input") { Description = "The file to clean; its type comes from the extension (.csv .tsv .json .jsonl .parquet).", Required = true };
        var textField = new Option<string>("--text-field") { Description = "The field that holds the text.", Required = true };
        var outFile = new Option<FileInfo>("--out") { Description = "Where to write the kept rows, as JSONL.", Required = true };
        var dedupe = new Option<string>("--dedupe") { Description = "none: keep every row (copies get duplicate_of); exact: drop exact copies; near: also drop near duplicates (the group's first row is kept and gets near_duplicate_group).", DefaultValueFactory = _ => "exact" };
        dedupe.AcceptOnlyFromAmong("none", "exact", "near");
        var threshold = new Option<double>("--near-threshold") { Description = "Jaccard similarity of word 3-shingles at which two texts are near duplicates.", DefaultValueFactory = _ => 0.8 };
        var pii = new Option<string>("--pii") { Description = "keep: leave the text, count PII; mask: replace it by [EMAIL], [PHONE], …; drop: leave out rows with PII.", DefaultValueFactory = _ => "keep" };
        pii.AcceptOnlyFromAmong("keep", "mask", "drop");
        var encoding = new Option<string?>("--encoding") { Description = "utf-8, utf-16 or latin-1 (default: detect)." };

        var command = new Command("clean", "Clean a text dataset and remove duplicates.") { input, textField, outFile, dedupe, threshold, pii, encoding };
        command.SetAction(async (result, cancellationToken) =>
        {
            var request = new CleanRequest(
                result.GetValue(input)!.FullName,
                result.GetValue(textField)!,
                result.GetValue(outFile)!.FullName,
                result.GetValue(dedupe)!,
                result.GetValue(threshold),
                result.GetValue(pii)!,
                result.GetValue(encoding));
            try
            {
                var report = await RunAsync(request, cancellationToken);
                await output.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Options));
                return AnnotateCli.Ok;
            }
            catch (Exception e) when (e is IngestException or CliInputException or FileNotFoundException or DirectoryNotFoundException or ArgumentOutOfRangeException)
            {
                await error.WriteLineAsync($"annotate clean: {e.Message}");
                return AnnotateCli.InvalidInput;
            }
        });
        return command;
    }

    internal sealed record CleanRequest(string Input, string TextField, string Out, string Dedupe, double NearThreshold, string Pii, string? Encoding);

    internal sealed record RowError(long Row, string? Field, string Reason);

    internal sealed record CleanReport(
        long RowsIn,
        long RowsOut,
        long ExactDuplicates,
        long NearDuplicateGroups,
        long NearDuplicateRows,
        long Filtered,
        IReadOnlyDictionary<string, long> Pii,
        long Tokens,
        IReadOnlyList<RowError> Errors);

    internal static async Task<CleanReport> RunAsync(CleanRequest request, CancellationToken cancellationToken)
    {
        if (!File.Exists(request.Input))
        {
            throw new FileNotFoundException($"No file at {request.Input}.");
        }
        var options = CleaningOptions.Default with
        {
            Pii = request.Pii switch { "mask" => PiiHandling.Mask, "drop" => PiiHandling.Drop, _ => PiiHandling.Flag },
            Dedupe = request.Dedupe switch { "none" => DedupeMode.None, "near" => DedupeMode.Near, _ => DedupeMode.Exact },
            NearThreshold = request.NearThreshold,
        };
        options.Validate();

        await using var reader = await RecordReaders.OpenFileAsync(request.Input, new ReadOptions { Encoding = request.Encoding }, cancellationToken);
        if (!reader.Columns.Contains(request.TextField))
        {
            throw new CliInputException($"the file has no field '{request.TextField}'; its fields are: {string.Join(", ", reader.Columns)}.");
        }

        var errors = new List<RowError>();
        var pii = new Dictionary<string, long>(StringComparer.Ordinal);
        var firstRowByHash = new Dictionary<string, long>(StringComparer.Ordinal);
        var kept = new List<KeptRow>();
        var near = options.Dedupe == DedupeMode.Near ? new NearDuplicateIndex(options.NearDuplicates) : null;
        long rowsIn = 0, exactDuplicates = 0, filtered = 0;

        await foreach (var result in reader.ReadAsync(cancellationToken))
        {
            rowsIn++;
            if (result.Problem is { } problem)
            {
                errors.Add(new RowError(problem.Row, problem.Field, problem.Reason));
                continue;
            }
            var record = result.Record!;
            var text = record.Fields.GetValueOrDefault(request.TextField);
            if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add(new RowError(record.Row, request.TextField, "the text is empty"));
                continue;
            }
            var cleaned = TextCleaner.Clean(text, HtmlText.LooksLikeHtml(text), options);
            foreach (var (kind, count) in cleaned.PiiCounts)
            {
                var name = PiiName(kind);
                pii[name] = pii.GetValueOrDefault(name) + count;
            }
            if (!cleaned.IsKept)
            {
                filtered++;
                continue;
            }
            var hash = ContentHash.Of(cleaned.Text);
            long? duplicateOf = null;
            if (firstRowByHash.TryGetValue(hash, out var first))
            {
                exactDuplicates++;
                if (options.Dedupe != DedupeMode.None)
                {
                    continue;
                }
                duplicateOf = first;
            }
            else
            {
                firstRowByHash[hash] = record.Row;
            }
            near?.Add(cleaned.Text);
            kept.Add(new KeptRow(record, cleaned.Text, cleaned.Tokens, duplicateOf));
        }

        // Near duplicates are known only once every text is in: the group's first row stays, the others go.
        var dropped = new HashSet<int>();
        var groupOf = new Dictionary<int, (long Group, int Size)>();
        var groups = near?.Groups() ?? [];
        foreach (var group in groups)
        {
            var representativeRow = kept[group.Representative].Record.Row;
            groupOf[group.Representative] = (representativeRow, group.Members.Count);
            dropped.UnionWith(group.Members.Where(m => m != group.Representative));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(request.Out));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        long rowsOut = 0, tokens = 0;
        await using (var file = File.Create(request.Out))
        await using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            for (var i = 0; i < kept.Count; i++)
            {
                if (dropped.Contains(i))
                {
                    continue;
                }
                var row = kept[i];
                json.WriteStartObject();
                foreach (var column in reader.Columns)
                {
                    var value = column == request.TextField ? row.Text : row.Record.Fields.GetValueOrDefault(column);
                    if (value is null)
                    {
                        json.WriteNull(column);
                    }
                    else
                    {
                        json.WriteString(column, value);
                    }
                }
                if (row.DuplicateOf is { } of)
                {
                    json.WriteNumber("duplicate_of", of);
                }
                if (groupOf.TryGetValue(i, out var g))
                {
                    json.WriteNumber("near_duplicate_group", g.Group);
                    json.WriteNumber("near_duplicate_size", g.Size);
                }
                json.WriteEndObject();
                await json.FlushAsync(cancellationToken);
                file.WriteByte((byte)'\n');
                // JSON Lines: one document per line, so the writer starts afresh for each row.
                json.Reset();
                rowsOut++;
                tokens += row.Tokens;
            }
        }
        return new CleanReport(rowsIn, rowsOut, exactDuplicates, groups.Count, dropped.Count, filtered, pii, tokens, errors);
    }

    private sealed record KeptRow(SourceRecord Record, string Text, int Tokens, long? DuplicateOf);

    private static string PiiName(PiiKind kind) => kind switch
    {
        PiiKind.Email => "email",
        PiiKind.Phone => "phone",
        PiiKind.CreditCard => "credit_card",
        PiiKind.Iban => "iban",
        PiiKind.IpV4 => "ipv4",
        PiiKind.IpV6 => "ipv6",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>Input the command cannot work with; the message says what to change.</summary>
internal sealed class CliInputException(string message) : Exception(message);

internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
