using Annotate.Core.Labeling;

namespace Annotate.Web.Features.Review.Agreement;

/// <summary>
/// Annotators against the reviewers: the final labels that come from a review decision (<see cref="FinalLabelSource.Review"/>).
/// Only items that went to review have one, so the figure describes the contested items, not an annotator's overall accuracy.
/// </summary>
public sealed class ReviewedLabelsReference(FinalLabelService finalLabels) : IAgreementReference
{
    public string Key => "reviewed";

    public string Name => "reviewed labels";

    public async Task<IReadOnlyDictionary<long, QuestionAnswer>> LoadAsync(int projectId, string questionKey, CancellationToken cancellationToken) =>
        AnswersTo(await finalLabels.ReviewedAnswersAsync(projectId, cancellationToken), questionKey);

    /// <summary>The answers to one question, leaving out the items whose answer does not give it.</summary>
    internal static IReadOnlyDictionary<long, QuestionAnswer> AnswersTo(IReadOnlyDictionary<long, Answer> answers, string questionKey)
    {
        var picked = new Dictionary<long, QuestionAnswer>(answers.Count);
        foreach (var (itemId, answer) in answers)
        {
            if (answer.Questions.TryGetValue(questionKey, out var given) && given is not null)
            {
                picked[itemId] = given;
            }
        }
        return picked;
    }
}
