using System.Text.RegularExpressions;

namespace Annotate.Core.Labeling;

/// <summary>What kind of answer a question asks for.</summary>
public enum QuestionKind
{
    /// <summary>Exactly one label.</summary>
    Single,

    /// <summary>Any number of labels (at least one when the question is required).</summary>
    Multi,

    /// <summary>Labeled character ranges of the item text (named entities).</summary>
    Spans,

    /// <summary>Written text: the ideal answer to a prompt, a correction, a summary.</summary>
    FreeText,

    /// <summary>Which of two responses is better: A, B or a tie, with an optional rationale.</summary>
    Pairwise,

    /// <summary>A number on a scale (1 to 5 unless configured).</summary>
    Rating,
}

/// <summary>
/// One label of a question. <see cref="Key"/> is what answers store and never changes; the name, colour, hotkey and
/// description may. A label removed from the schema is kept <see cref="Retired"/>, so old answers still resolve.
/// </summary>
public sealed record LabelDefinition(string Key, string Name, string Color = "#1e88e5", string? Hotkey = null, string? Description = null, bool Retired = false);

/// <summary>One question of the schema.</summary>
/// <param name="Key">Stable identifier that answers are stored under.</param>
/// <param name="Labels">For single, multi and span questions.</param>
/// <param name="AllowOverlap">Span questions: whether spans may overlap.</param>
/// <param name="Min">Rating questions: the lowest value.</param>
/// <param name="Max">Rating questions: the highest value.</param>
/// <param name="ResponseAField">Pairwise questions: the metadata field holding response A.</param>
/// <param name="ResponseBField">Pairwise questions: the metadata field holding response B.</param>
/// <param name="InitialTextField">Free-text questions: a metadata field whose value pre-fills the answer (a draft to correct).</param>
public sealed record QuestionDefinition(
    string Key,
    string Title,
    QuestionKind Kind,
    IReadOnlyList<LabelDefinition>? Labels = null,
    bool Required = true,
    bool AllowOverlap = false,
    int Min = 1,
    int Max = 5,
    string? ResponseAField = null,
    string? ResponseBField = null,
    string? InitialTextField = null)
{
    public IReadOnlyList<LabelDefinition> AllLabels => Labels ?? [];

    /// <summary>The labels an annotator can choose now (retired ones are hidden but still resolve).</summary>
    public IEnumerable<LabelDefinition> ActiveLabels => AllLabels.Where(l => !l.Retired);

    public bool HasLabels => Kind is QuestionKind.Single or QuestionKind.Multi or QuestionKind.Spans;
}

/// <summary>A project's label schema: one or more questions, and Markdown guidelines shown beside every item.</summary>
public sealed partial record LabelSchema(IReadOnlyList<QuestionDefinition> Questions, string Guidelines = "")
{
    public static LabelSchema Empty { get; } = new([]);

    public QuestionDefinition? Find(string key) => Questions.FirstOrDefault(q => q.Key == key);

    /// <summary>Every rule the schema breaks, each naming the question or label; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Questions.Count == 0)
        {
            problems.Add("The schema has no question.");
        }
        foreach (var duplicate in Questions.GroupBy(q => q.Key).Where(g => g.Count() > 1))
        {
            problems.Add($"Two questions have the key '{duplicate.Key}'.");
        }
        var hotkeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var q in Questions)
        {
            var where = $"Question '{q.Key}'";
            if (!KeyPattern().IsMatch(q.Key ?? ""))
            {
                problems.Add($"{where}: a key is 1 to 40 letters, digits, '_' or '-'.");
            }
            if (string.IsNullOrWhiteSpace(q.Title))
            {
                problems.Add($"{where}: the title is empty.");
            }
            if (!Enum.IsDefined(q.Kind))
            {
                problems.Add($"{where}: unknown kind {q.Kind}.");
                continue;
            }
            if (q.HasLabels)
            {
                if (!q.ActiveLabels.Any())
                {
                    problems.Add($"{where}: a {q.Kind} question needs at least one label.");
                }
                foreach (var duplicate in q.AllLabels.GroupBy(l => l.Key).Where(g => g.Count() > 1))
                {
                    problems.Add($"{where}: two labels have the key '{duplicate.Key}'.");
                }
                foreach (var duplicate in q.ActiveLabels.GroupBy(l => l.Name.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                {
                    problems.Add($"{where}: two labels are named '{duplicate.Key}'.");
                }
                foreach (var label in q.AllLabels)
                {
                    if (!KeyPattern().IsMatch(label.Key ?? ""))
                    {
                        problems.Add($"{where}, label '{label.Name}': a key is 1 to 40 letters, digits, '_' or '-'.");
                    }
                    if (string.IsNullOrWhiteSpace(label.Name))
                    {
                        problems.Add($"{where}, label '{label.Key}': the name is empty.");
                    }
                    if (!ColorPattern().IsMatch(label.Color ?? ""))
                    {
                        problems.Add($"{where}, label '{label.Name}': the colour must look like #1e88e5.");
                    }
                    if (label.Retired || string.IsNullOrEmpty(label.Hotkey))
                    {
                        continue;
                    }
                    if (!HotkeyPattern().IsMatch(label.Hotkey) || Reserved.Contains(label.Hotkey, StringComparer.OrdinalIgnoreCase))
                    {
                        problems.Add($"{where}, label '{label.Name}': hotkey '{label.Hotkey}' is not a single letter or digit, or is reserved ({string.Join(", ", Reserved)}).");
                    }
                    else if (!hotkeys.TryAdd(label.Hotkey, $"{q.Key}/{label.Name}"))
                    {
                        problems.Add($"{where}, label '{label.Name}': hotkey '{label.Hotkey}' is already used by {hotkeys[label.Hotkey]}.");
                    }
                }
            }
            if (q.Kind == QuestionKind.Rating && (q.Min >= q.Max || q.Max - q.Min > 100))
            {
                problems.Add($"{where}: the scale must run from a lower to a higher value, at most 100 steps ({q.Min} to {q.Max} given).");
            }
            if (q.Kind == QuestionKind.Pairwise && (string.IsNullOrWhiteSpace(q.ResponseAField) || string.IsNullOrWhiteSpace(q.ResponseBField)))
            {
                problems.Add($"{where}: a pairwise question names the metadata fields of response A and response B.");
            }
        }
        return problems;
    }

    /// <summary>
    /// The schema a Manager's edit produces when annotations may exist: labels left out of <paramref name="edited"/>
    /// are kept as retired (their answers must still resolve), and so are whole questions left out.
    /// </summary>
    public LabelSchema Evolve(LabelSchema edited)
    {
        var questions = new List<QuestionDefinition>();
        foreach (var q in edited.Questions)
        {
            var before = Find(q.Key);
            if (before is null)
            {
                questions.Add(q);
                continue;
            }
            var kept = q.AllLabels.Select(l => l.Key).ToHashSet();
            var retired = before.AllLabels.Where(l => !kept.Contains(l.Key)).Select(l => l with { Retired = true, Hotkey = null });
            questions.Add(q with { Labels = [.. q.AllLabels, .. retired] });
        }
        return edited with { Questions = questions, RetiredQuestions = [.. RetiredQuestions.Where(r => edited.Find(r.Key) is null), .. Questions.Where(q => edited.Find(q.Key) is null)] };
    }

    /// <summary>
    /// What keeps <paramref name="edited"/> from replacing this schema: a new question may not take the key of a retired
    /// one, or the retired question's old answers would read as answers to the new question.
    /// </summary>
    public IReadOnlyList<string> EvolveProblems(LabelSchema edited) =>
        [.. edited.Questions.Where(q => Find(q.Key) is null && RetiredQuestions.Any(r => r.Key == q.Key))
            .Select(q => $"Question '{q.Key}': the key belonged to a question that was removed (its answers are kept); choose another key.")];

    /// <summary>Questions removed from the schema; kept so that old answers still resolve.</summary>
    public IReadOnlyList<QuestionDefinition> RetiredQuestions { get; init; } = [];

    /// <summary>Keys reserved by the workbench: Enter, S (skip), ? (help), Z (undo with Ctrl), B (back).</summary>
    public static IReadOnlyList<string> Reserved { get; } = ["s", "b", "?"];

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();

    [GeneratedRegex("^[A-Za-z0-9]$")]
    private static partial Regex HotkeyPattern();
}
