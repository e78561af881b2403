using System.Globalization;
using Annotate.Core.Export;
using Annotate.Core.Export.Balancing;
using Annotate.Core.Export.Formats;
using Annotate.Core.Export.Splits;
using Annotate.Web.Features.Review;

namespace Annotate.Web.Features.Export;

/// <summary>
/// The rules an <see cref="ExportRequest"/> must meet, checked before a job is queued (the service) and while a
/// Manager edits the form (the Export tab), so both name the same field with the same words.
/// </summary>
public static class ExportRequestRules
{
    private const double Tolerance = 1e-6;

    /// <summary>Every broken rule, by the request field it concerns; empty when the request can be exported.</summary>
    public static IReadOnlyDictionary<string, string> Problems(ExportRequest request, ExportChoices choices)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(choices);
        var problems = new Dictionary<string, string>();
        var question = QuestionOf(request, choices);
        if (question is null)
        {
            problems[nameof(ExportRequest.Question)] = choices.Questions.Count == 0
                ? "The project has no question with labels to export; add one on the Labels tab."
                : $"There is no labeling question '{request.Question}': use {string.Join(", ", choices.Questions.Select(q => q.Key))}.";
        }
        if (request.Sources is { } sources)
        {
            if (sources.Count == 0)
            {
                problems[nameof(ExportRequest.Sources)] = "Choose at least one source of labels.";
            }
            else if (sources.Where(s => !ExportRequest.DefaultSources.Contains(s)).Select(s => (FinalLabelSource?)s).FirstOrDefault() is { } wrong)
            {
                problems[nameof(ExportRequest.Sources)] = $"'{wrong}' is not a source of labels: use {string.Join(", ", ExportRequest.DefaultSources)}.";
            }
            else if (sources.Distinct().Count() != sources.Count)
            {
                problems[nameof(ExportRequest.Sources)] = "Each source of labels may appear once in the order.";
            }
        }
        if (request.WeakThreshold is { } threshold && !(threshold is >= 0 and <= 1))
        {
            problems[nameof(ExportRequest.WeakThreshold)] = $"The weak-label confidence threshold is between 0 and 1, not {Number(threshold)}.";
        }
        if (question is not null && request.Labels is { Count: > 0 } labels && labels.FirstOrDefault(l => !question.Labels.Contains(l)) is { } unknown)
        {
            problems[nameof(ExportRequest.Labels)] = $"'{unknown}' is not a label of '{question.Key}'.";
        }
        if (request.From is { } from && request.To is { } to && from >= to)
        {
            problems[nameof(ExportRequest.To)] = "The end date must be after the start date.";
        }
        RatioProblems(request, problems);
        if (!Enum.IsDefined(request.Strategy))
        {
            problems[nameof(ExportRequest.Strategy)] = $"'{request.Strategy}' is not a split strategy.";
        }
        else if (request.Strategy == SplitStrategy.Stratified && question is { MultiLabel: true })
        {
            problems[nameof(ExportRequest.Strategy)] = $"Stratified needs one label per item, and '{question.Key}' takes several: use iterative stratification.";
        }
        if (!Enum.IsDefined(request.Balance))
        {
            problems[nameof(ExportRequest.Balance)] = $"'{request.Balance}' is not a balancing mode.";
        }
        else if (request.Balance == BalanceMode.Cap && request.CapPerClass is not > 0)
        {
            problems[nameof(ExportRequest.CapPerClass)] = "Capping needs the most items per class, a whole number above 0.";
        }
        if (!ExportFormats.Names.Contains(request.Format, StringComparer.OrdinalIgnoreCase))
        {
            problems[nameof(ExportRequest.Format)] = $"There is no export format '{request.Format}': use {string.Join(", ", ExportFormats.Names)}.";
        }
        TemplateProblem(nameof(ExportRequest.ChatSystem), request.ChatSystem, "system message", problems);
        TemplateProblem(nameof(ExportRequest.ChatUser), request.ChatUser, "user message", problems);
        TemplateProblem(nameof(ExportRequest.ChatAssistant), request.ChatAssistant, "assistant message", problems);
        TemplateProblem(nameof(ExportRequest.AlpacaInstruction), request.AlpacaInstruction, "Alpaca instruction", problems);
        return problems;
    }

    /// <summary>The question the request exports: the one it names, or the schema's first labeling question.</summary>
    public static ExportQuestion? QuestionOf(ExportRequest request, ExportChoices choices) =>
        string.IsNullOrWhiteSpace(request.Question) ? choices.Questions.FirstOrDefault() : choices.Questions.FirstOrDefault(q => q.Key == request.Question);

    /// <summary>The Core settings for a valid request.</summary>
    /// <param name="filters">What the manifest records the items were chosen by.</param>
    public static ExportSettings ToSettings(ExportRequest request, string projectName, int projectId, IReadOnlyDictionary<string, string> filters, IReadOnlyList<ExportedFile> extraFiles)
    {
        var chat = ChatTemplate.Default;
        chat = new ChatTemplate(
            request.ChatSystem is null ? chat.System : PromptTemplate.Parse(request.ChatSystem),
            string.IsNullOrWhiteSpace(request.ChatUser) ? chat.User : PromptTemplate.Parse(request.ChatUser),
            string.IsNullOrWhiteSpace(request.ChatAssistant) ? chat.Assistant : PromptTemplate.Parse(request.ChatAssistant));
        var alpaca = string.IsNullOrWhiteSpace(request.AlpacaInstruction)
            ? AlpacaTemplate.Default
            : AlpacaTemplate.Default with { Instruction = PromptTemplate.Parse(request.AlpacaInstruction) };
        return new ExportSettings
        {
            Split = new SplitOptions { Ratios = new SplitRatios(request.Train, request.Validation, request.Test), Strategy = request.Strategy, Seed = request.Seed },
            Balance = new BalanceOptions { Mode = request.Balance, CapPerClass = request.Balance == BalanceMode.Cap ? request.CapPerClass : null },
            Format = request.Format.ToLowerInvariant(),
            FormatOptions = new ExportFormatOptions { Chat = chat, Alpaca = alpaca, DatasetName = projectName },
            Manifest = new ManifestInfo { Project = projectName, ProjectId = projectId, Filters = filters },
            ExtraFiles = extraFiles,
        };
    }

    /// <summary>The manifest's record of how items and labels were chosen (keys sorted by the manifest).</summary>
    public static IReadOnlyDictionary<string, string> Filters(ExportRequest request, string question)
    {
        var filters = new Dictionary<string, string>
        {
            ["question"] = question,
            ["sources"] = string.Join(",", request.SourceOrder.Select(s => s.ToString().ToLowerInvariant())),
            ["weak_threshold"] = request.WeakThreshold is { } t ? Number(t) : "accepted",
            ["labels"] = request.Labels is { Count: > 0 } l ? string.Join(",", l) : "all",
            ["source_names"] = request.SourceNames is { Count: > 0 } s ? string.Join(",", s) : "all",
            ["from"] = request.From is { } from ? Date(from) : "any",
            ["to"] = request.To is { } to ? Date(to) : "any",
            ["unlabeled"] = request.IncludeUnlabeled ? "unlabeled.jsonl" : "left out",
            ["exact_duplicates"] = "left out",
            ["filtered_by_cleaning"] = "left out",
        };
        return filters;
    }

    private static void RatioProblems(ExportRequest request, Dictionary<string, string> problems)
    {
        (string Field, double Value)[] shares = [(nameof(ExportRequest.Train), request.Train), (nameof(ExportRequest.Validation), request.Validation), (nameof(ExportRequest.Test), request.Test)];
        foreach (var (field, value) in shares)
        {
            if (!double.IsFinite(value) || value < 0 || value > 1)
            {
                problems[field] = $"A split's share is between 0 and 1 (0% and 100%), not {Number(value)}.";
            }
        }
        if (problems.ContainsKey(nameof(ExportRequest.Train)) || problems.ContainsKey(nameof(ExportRequest.Validation)) || problems.ContainsKey(nameof(ExportRequest.Test)))
        {
            return;
        }
        if (request.Train <= 0)
        {
            problems[nameof(ExportRequest.Train)] = "Train needs a share above 0.";
        }
        else if (Math.Abs(request.Train + request.Validation + request.Test - 1) > Tolerance)
        {
            problems[nameof(ExportRequest.Test)] = $"The shares must add up to 100%; train, validation and test add up to {Number(100 * (request.Train + request.Validation + request.Test))}%.";
        }
    }

    private static void TemplateProblem(string field, string? template, string what, Dictionary<string, string> problems)
    {
        if (string.IsNullOrEmpty(template))
        {
            return;
        }
        try
        {
            _ = PromptTemplate.Parse(template);
        }
        catch (ArgumentException e)
        {
            problems[field] = $"The {what}: {e.Message.Replace(" (Parameter 'text')", "", StringComparison.Ordinal)}";
        }
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Date(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
