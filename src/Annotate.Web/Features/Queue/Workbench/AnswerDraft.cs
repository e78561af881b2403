using Annotate.Core.Labeling;

namespace Annotate.Web.Features.Queue.Workbench;

/// <summary>The answer to one question while the annotator works on it.</summary>
public sealed class QuestionDraft(QuestionDefinition question)
{
    public QuestionDefinition Question { get; } = question;

    public string? Label { get; set; }

    public HashSet<string> Labels { get; } = [];

    public List<SpanAnswer> Spans { get; } = [];

    public string Text { get; set; } = "";

    public PairwiseChoice? Choice { get; set; }

    public string Rationale { get; set; } = "";

    public int? Rating { get; set; }

    /// <summary>Chooses a label: single questions take it, multi-label questions toggle it.</summary>
    public void Choose(string labelKey)
    {
        switch (Question.Kind)
        {
            case QuestionKind.Single:
                Label = Label == labelKey && !Question.Required ? null : labelKey;
                break;
            case QuestionKind.Multi:
                if (!Labels.Remove(labelKey))
                {
                    Labels.Add(labelKey);
                }
                break;
        }
    }

    public bool IsChosen(string labelKey) => Question.Kind == QuestionKind.Single ? Label == labelKey : Labels.Contains(labelKey);

    /// <summary>Adds a labeled span, trimmed of surrounding white space; a span that exactly repeats one is not added twice.</summary>
    /// <returns>The span added, or null when the selection held only white space, or overlaps and the question forbids it.</returns>
    public SpanAnswer? AddSpan(string text, int start, int end, string labelKey)
    {
        start = Math.Clamp(start, 0, text.Length);
        end = Math.Clamp(end, start, text.Length);
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        if (start == end)
        {
            return null;
        }
        var span = new SpanAnswer(start, end, labelKey);
        if (Spans.Contains(span))
        {
            return span;
        }
        if (!Question.AllowOverlap && Spans.Any(s => s.Start < end && start < s.End))
        {
            return null;
        }
        Spans.Add(span);
        Spans.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        return span;
    }

    public QuestionAnswer? ToAnswer() => Question.Kind switch
    {
        QuestionKind.Single => Label is null ? null : new QuestionAnswer(Label: Label),
        QuestionKind.Multi => Labels.Count == 0 ? null : new QuestionAnswer(Labels: [.. Question.AllLabels.Select(l => l.Key).Where(Labels.Contains)]),
        // An empty list is an answer for spans: "nothing to mark in this text".
        QuestionKind.Spans => new QuestionAnswer(Spans: [.. Spans]),
        QuestionKind.FreeText => string.IsNullOrWhiteSpace(Text) ? null : new QuestionAnswer(Text: Text),
        QuestionKind.Pairwise => Choice is null ? null : new QuestionAnswer(Choice: Choice, Rationale: string.IsNullOrWhiteSpace(Rationale) ? null : Rationale.Trim()),
        QuestionKind.Rating => Rating is null ? null : new QuestionAnswer(Rating: Rating),
        _ => null,
    };

    public void Load(QuestionAnswer? answer, IReadOnlyDictionary<string, string?> metadata)
    {
        Label = answer?.Label;
        Labels.Clear();
        Labels.UnionWith(answer?.Labels ?? []);
        Spans.Clear();
        Spans.AddRange(answer?.Spans ?? []);
        Text = answer?.Text
            ?? (Question.InitialTextField is { } field && metadata.TryGetValue(field, out var initial) ? initial ?? "" : "");
        Choice = answer?.Choice;
        Rationale = answer?.Rationale ?? "";
        Rating = answer?.Rating;
    }
}

/// <summary>The annotator's answers to every question of the schema for the item on screen.</summary>
public sealed class AnswerDraft
{
    private readonly Dictionary<string, QuestionDraft> byKey;

    public AnswerDraft(LabelSchema schema, Answer? answer, IReadOnlyDictionary<string, string?> metadata)
    {
        Questions = [.. schema.Questions.Select(q => new QuestionDraft(q))];
        byKey = Questions.ToDictionary(q => q.Question.Key);
        foreach (var q in Questions)
        {
            q.Load(answer?.Questions.GetValueOrDefault(q.Question.Key), metadata);
        }
    }

    public IReadOnlyList<QuestionDraft> Questions { get; }

    public QuestionDraft? this[string questionKey] => byKey.GetValueOrDefault(questionKey);

    public Answer ToAnswer() => new(Questions
        .Select(q => (q.Question.Key, Answer: q.ToAnswer()))
        .Where(p => p.Answer is not null)
        .ToDictionary(p => p.Key, p => p.Answer!));

    /// <summary>Whether two answers say the same (resubmitting an unchanged answer makes no new version).</summary>
    public static bool Same(Answer? a, Answer? b) =>
        a is not null && b is not null && a.Questions.Count == b.Questions.Count
        && a.Questions.All(p => b.Questions.TryGetValue(p.Key, out var other) && LabelingJson.Serialize(p.Value) == LabelingJson.Serialize(other));
}
