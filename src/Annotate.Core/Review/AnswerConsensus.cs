using Annotate.Core.Labeling;

namespace Annotate.Core.Review;

/// <summary>
/// The answer several annotators' answers to one item come to, when they come to one. Question by question: a discrete
/// answer (one label, a pairwise choice, a trimmed text) that more than half of them gave; for several labels, the labels
/// more than half chose (when none is, the answer closest to all the others); for spans, the answer closest to all the
/// others (the medoid under <see cref="AnswerDistance"/>; an actual answer, so spans never come out half-merged); for
/// ratings, the median (the lower middle value when there are two).
/// </summary>
public static class AnswerConsensus
{
    /// <summary>The consensus, or null when a discrete question has no majority (that item needs a reviewer).</summary>
    /// <remarks>A question that more than half left unanswered is left out of the consensus.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="answers"/> is empty.</exception>
    public static Answer? Of(LabelSchema schema, IReadOnlyList<Answer> answers)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            throw new ArgumentException("A consensus needs at least one answer.", nameof(answers));
        }
        if (answers.Count == 1)
        {
            return answers[0];
        }
        var result = new Dictionary<string, QuestionAnswer>();
        foreach (var question in schema.Questions)
        {
            var values = answers.Select(a => a.Questions.GetValueOrDefault(question.Key)).ToList();
            var given = values.Where(v => !AnswerDistance.IsMissing(question, v)).Select(v => v!).ToList();
            if (given.Count * 2 <= values.Count)
            {
                if (values.Count - given.Count > given.Count)
                {
                    continue; // Most left it unanswered.
                }
                if (AnswerDistance.IsDiscrete(question.Kind))
                {
                    return null; // Half answered, half did not: no majority either way.
                }
            }
            var agreed = question.Kind switch
            {
                QuestionKind.Single => Majority(given, values.Count, a => a.Label!, label => new QuestionAnswer(Label: label)),
                QuestionKind.Pairwise => Majority(given, values.Count, a => a.Choice!.Value, choice => new QuestionAnswer(Choice: choice)),
                QuestionKind.FreeText => Majority(given, values.Count, a => a.Text!.Trim(), text => new QuestionAnswer(Text: text)),
                QuestionKind.Multi => Labels(question, given, values.Count),
                QuestionKind.Rating => new QuestionAnswer(Rating: given.Select(a => a.Rating!.Value).Order().ElementAt((given.Count - 1) / 2)),
                _ => Medoid(question, given),
            };
            if (agreed is null)
            {
                return null;
            }
            result[question.Key] = agreed;
        }
        return new Answer(result);
    }

    private static QuestionAnswer? Majority<TKey>(List<QuestionAnswer> given, int voters, Func<QuestionAnswer, TKey> key, Func<TKey, QuestionAnswer> answer)
        where TKey : notnull
    {
        var top = given.GroupBy(key).OrderByDescending(g => g.Count()).First();
        return top.Count() * 2 > voters ? answer(top.Key) : null;
    }

    private static QuestionAnswer Labels(QuestionDefinition question, List<QuestionAnswer> given, int voters)
    {
        var counts = given.SelectMany(a => a.Labels!.Distinct()).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var chosen = question.AllLabels.Select(l => l.Key).Where(l => counts.GetValueOrDefault(l) * 2 > voters).ToList();
        return chosen.Count > 0 ? new QuestionAnswer(Labels: chosen) : Medoid(question, given);
    }

    /// <summary>The answer with the least total distance to the others; the first such in the order given.</summary>
    private static QuestionAnswer Medoid(QuestionDefinition question, List<QuestionAnswer> given)
    {
        var best = given[0];
        var bestTotal = double.MaxValue;
        foreach (var candidate in given)
        {
            var total = given.Sum(other => AnswerDistance.Between(question, candidate, other));
            if (total < bestTotal - 1e-12)
            {
                best = candidate;
                bestTotal = total;
            }
        }
        return best;
    }
}
