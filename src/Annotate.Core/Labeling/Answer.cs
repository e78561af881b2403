namespace Annotate.Core.Labeling;

public enum PairwiseChoice
{
    A,
    B,
    Tie,
}

/// <summary>A labeled character range [Start, End) of the item text.</summary>
public sealed record SpanAnswer(int Start, int End, string Label);

/// <summary>The answer to one question; which member is set depends on the question's kind.</summary>
public sealed record QuestionAnswer(
    string? Label = null,
    IReadOnlyList<string>? Labels = null,
    IReadOnlyList<SpanAnswer>? Spans = null,
    string? Text = null,
    PairwiseChoice? Choice = null,
    string? Rationale = null,
    int? Rating = null);

/// <summary>An annotator's answers to the schema's questions, keyed by question key.</summary>
public sealed record Answer(IReadOnlyDictionary<string, QuestionAnswer> Questions)
{
    /// <summary>Every way the answer breaks the schema, naming the question; empty when it is valid.</summary>
    /// <param name="itemText">The text span offsets refer to.</param>
    public IReadOnlyList<string> Problems(LabelSchema schema, string itemText)
    {
        var problems = new List<string>();
        foreach (var key in Questions.Keys.Where(k => schema.Find(k) is null))
        {
            problems.Add($"Question '{key}' is not in the schema.");
        }
        foreach (var question in schema.Questions)
        {
            var where = $"Question '{question.Key}'";
            if (!Questions.TryGetValue(question.Key, out var a) || IsEmpty(question, a))
            {
                if (question.Required)
                {
                    problems.Add($"{where}: an answer is required.");
                }
                continue;
            }
            var active = question.ActiveLabels.Select(l => l.Key).ToHashSet();
            switch (question.Kind)
            {
                case QuestionKind.Single when !active.Contains(a.Label!):
                    problems.Add($"{where}: '{a.Label}' is not one of its labels.");
                    break;
                case QuestionKind.Multi:
                    problems.AddRange(a.Labels!.Where(l => !active.Contains(l)).Select(l => $"{where}: '{l}' is not one of its labels."));
                    if (a.Labels!.Distinct().Count() != a.Labels!.Count)
                    {
                        problems.Add($"{where}: a label is chosen twice.");
                    }
                    break;
                case QuestionKind.Spans:
                    CheckSpans(question, a.Spans!, itemText, active, problems);
                    break;
                case QuestionKind.Pairwise when !Enum.IsDefined(a.Choice!.Value):
                    problems.Add($"{where}: the choice is A, B or Tie.");
                    break;
                case QuestionKind.Rating when a.Rating < question.Min || a.Rating > question.Max:
                    problems.Add($"{where}: {a.Rating} is outside the scale {question.Min} to {question.Max}.");
                    break;
            }
        }
        return problems;
    }

    private static bool IsEmpty(QuestionDefinition question, QuestionAnswer a) => question.Kind switch
    {
        QuestionKind.Single => string.IsNullOrEmpty(a.Label),
        QuestionKind.Multi => a.Labels is not { Count: > 0 },
        QuestionKind.Spans => a.Spans is null,
        QuestionKind.FreeText => string.IsNullOrWhiteSpace(a.Text),
        QuestionKind.Pairwise => a.Choice is null,
        QuestionKind.Rating => a.Rating is null,
        _ => true,
    };

    private static void CheckSpans(QuestionDefinition question, IReadOnlyList<SpanAnswer> spans, string text, HashSet<string> active, List<string> problems)
    {
        var where = $"Question '{question.Key}'";
        foreach (var span in spans)
        {
            if (span.Start < 0 || span.End > text.Length || span.Start >= span.End)
            {
                problems.Add($"{where}: span {span.Start}–{span.End} is not inside the text (0–{text.Length}).");
            }
            if (!active.Contains(span.Label))
            {
                problems.Add($"{where}: span {span.Start}–{span.End} has the unknown label '{span.Label}'.");
            }
        }
        if (!question.AllowOverlap)
        {
            var ordered = spans.OrderBy(s => s.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Start < ordered[i - 1].End)
                {
                    problems.Add($"{where}: spans {ordered[i - 1].Start}–{ordered[i - 1].End} and {ordered[i].Start}–{ordered[i].End} overlap, which this question does not allow.");
                }
            }
        }
    }
}
