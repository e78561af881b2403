using Annotate.Core.Agreement;
using Annotate.Core.Labeling;

namespace Annotate.Core.Review;

/// <summary>
/// How far apart two answers to one question are, from 0 (the same) to 1 (nothing in common), with the distances the
/// agreement coefficients use: discrete answers (one label, a pairwise choice, a trimmed text) are the same or not;
/// label sets by Jaccard distance (<see cref="SetDistance.Jaccard"/>: one label of two in common is 0.5); spans by 1 − F1
/// over labeled characters (<see cref="SpanDistance.CharacterOverlap"/>: a boundary off by a character costs little);
/// ratings by their difference over the question's scale (on 1 to 5, a 4 against a 5 is 0.25).
/// </summary>
/// <remarks>
/// A missing answer (nothing chosen or written; for span questions no answer at all, since an empty list says "nothing
/// to mark") is the same as another missing answer and as far as possible from any given one.
/// </remarks>
public static class AnswerDistance
{
    /// <summary>The distance between two answers to <paramref name="question"/>, 0 to 1.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="question"/> is null.</exception>
    public static double Between(QuestionDefinition question, QuestionAnswer? a, QuestionAnswer? b)
    {
        ArgumentNullException.ThrowIfNull(question);
        var missingA = IsMissing(question, a);
        var missingB = IsMissing(question, b);
        if (missingA || missingB)
        {
            return missingA && missingB ? 0 : 1;
        }
        return question.Kind switch
        {
            QuestionKind.Single => string.Equals(a!.Label, b!.Label, StringComparison.Ordinal) ? 0 : 1,
            QuestionKind.Pairwise => a!.Choice == b!.Choice ? 0 : 1,
            QuestionKind.FreeText => string.Equals(a!.Text!.Trim(), b!.Text!.Trim(), StringComparison.Ordinal) ? 0 : 1,
            QuestionKind.Multi => SetDistance.Jaccard(new LabelSet(a!.Labels!), new LabelSet(b!.Labels!)),
            QuestionKind.Spans => SpanDistance.CharacterOverlap(Spans(a!), Spans(b!)),
            QuestionKind.Rating => Math.Min(1, Math.Abs(a!.Rating!.Value - b!.Rating!.Value) / (double)Math.Max(1, question.Max - question.Min)),
            _ => AnswerEquals(a, b) ? 0 : 1,
        };
    }

    /// <summary>
    /// Whether the question's answers are discrete (one label, a pairwise choice, a text): any difference between two
    /// of them is a disagreement. The others (label sets, spans, ratings) are graded and compared with a threshold.
    /// </summary>
    public static bool IsDiscrete(QuestionKind kind) => kind is QuestionKind.Single or QuestionKind.Pairwise or QuestionKind.FreeText;

    /// <summary>Whether <paramref name="answer"/> gives no answer to the question.</summary>
    public static bool IsMissing(QuestionDefinition question, QuestionAnswer? answer) => answer is null || question.Kind switch
    {
        QuestionKind.Single => string.IsNullOrEmpty(answer.Label),
        QuestionKind.Multi => answer.Labels is not { Count: > 0 },
        QuestionKind.Spans => answer.Spans is null,
        QuestionKind.FreeText => string.IsNullOrWhiteSpace(answer.Text),
        QuestionKind.Pairwise => answer.Choice is null,
        QuestionKind.Rating => answer.Rating is null,
        _ => false,
    };

    /// <summary>
    /// How <paramref name="answer"/> scores against a known answer, over the questions <paramref name="gold"/> answers:
    /// correct when every one of them is the same, and a score of 1 − the mean distance (partial credit).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static GoldScore Score(LabelSchema schema, Answer answer, Answer gold)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(gold);
        var questions = 0;
        var total = 0.0;
        var correct = true;
        foreach (var (key, expected) in gold.Questions)
        {
            var question = schema.Find(key) ?? schema.RetiredQuestions.FirstOrDefault(q => q.Key == key);
            if (question is null)
            {
                continue;
            }
            var distance = Between(question, answer.Questions.GetValueOrDefault(key), expected);
            correct &= distance == 0;
            total += distance;
            questions++;
        }
        return questions == 0 ? new GoldScore(true, 1) : new GoldScore(correct, 1 - total / questions);
    }

    private static SpanSet Spans(QuestionAnswer answer) =>
        // Answers were checked against the text when saved; a span that is not a range cannot be compared and is left out.
        new(answer.Spans!.Where(s => s.Start >= 0 && s.End > s.Start));

    private static bool AnswerEquals(QuestionAnswer? a, QuestionAnswer? b) =>
        LabelingJson.Serialize(a) == LabelingJson.Serialize(b);
}

/// <summary>An answer against a known (gold) answer.</summary>
/// <param name="Correct">Every question the gold answer answers was answered the same.</param>
/// <param name="Score">1 − the mean distance over those questions: partial credit for near misses.</param>
public sealed record GoldScore(bool Correct, double Score);
