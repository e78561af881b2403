using Annotate.Core.Labeling;

namespace Annotate.Core.Review;

/// <summary>How far one question's answers on one item agree.</summary>
/// <param name="Agreement">1 − the mean distance over every pair of annotators (<see cref="AnswerDistance"/>); 1 = all the same.</param>
/// <param name="Routes">These answers send the item to review.</param>
public sealed record QuestionAgreement(string QuestionKey, QuestionKind Kind, int Answers, double Agreement, bool Routes);

/// <summary>Whether one item's answers agree well enough to stand without a reviewer.</summary>
/// <param name="Reason">Why it goes to review (<see cref="ReviewReason.Disagreement"/> before <see cref="ReviewReason.LowAgreement"/>), or null.</param>
public sealed record ItemAgreementResult(IReadOnlyList<QuestionAgreement> Questions, ReviewReason? Reason)
{
    /// <summary>A short reason for people, naming the questions that route the item ("'sentiment': 2 answers differ").</summary>
    public string? Describe() => Reason is null ? null : string.Join("; ", Questions.Where(q => q.Routes).Select(q =>
        AnswerDistance.IsDiscrete(q.Kind)
            ? $"'{q.QuestionKey}': the {q.Answers} answers differ"
            : FormattableString.Invariant($"'{q.QuestionKey}': agreement {q.Agreement:0.00} over {q.Answers} answers")));
}

/// <summary>
/// The routing rule of the review queue for one item's answers (the latest version of each annotator's answer): the item
/// goes to review when two answers to a discrete question differ, or when the agreement on a graded question (label
/// sets, spans, ratings) is below the project's threshold. Questions no longer in the schema are not compared.
/// </summary>
public static class ItemAgreement
{
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not within 0 to 1.</exception>
    public static ItemAgreementResult Evaluate(LabelSchema schema, IReadOnlyList<Answer> answers, double threshold)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1);
        var questions = new List<QuestionAgreement>();
        if (answers.Count < 2)
        {
            return new ItemAgreementResult(questions, null);
        }
        ReviewReason? reason = null;
        foreach (var question in schema.Questions)
        {
            var values = answers.Select(a => a.Questions.GetValueOrDefault(question.Key)).ToList();
            double sum = 0;
            var pairs = 0;
            for (var i = 0; i < values.Count; i++)
            {
                for (var j = i + 1; j < values.Count; j++)
                {
                    sum += AnswerDistance.Between(question, values[i], values[j]);
                    pairs++;
                }
            }
            var agreement = 1 - sum / pairs;
            var discrete = AnswerDistance.IsDiscrete(question.Kind);
            var routes = discrete ? sum > 0 : agreement < threshold;
            questions.Add(new QuestionAgreement(question.Key, question.Kind, values.Count(v => !AnswerDistance.IsMissing(question, v)), agreement, routes));
            if (routes)
            {
                reason = discrete || reason == ReviewReason.Disagreement ? ReviewReason.Disagreement : ReviewReason.LowAgreement;
            }
        }
        return new ItemAgreementResult(questions, reason);
    }
}
