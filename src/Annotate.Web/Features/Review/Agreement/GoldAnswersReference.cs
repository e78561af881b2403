using Annotate.Core.Labeling;

namespace Annotate.Web.Features.Review.Agreement;

/// <summary>Annotators against the known answers of gold items (<see cref="GoldService"/>), on the questions a gold answer gives.</summary>
public sealed class GoldAnswersReference(GoldService gold) : IAgreementReference
{
    public string Key => "gold";

    public string Name => "gold";

    public async Task<IReadOnlyDictionary<long, QuestionAnswer>> LoadAsync(int projectId, string questionKey, CancellationToken cancellationToken) =>
        ReviewedLabelsReference.AnswersTo(await gold.AnswersAsync(projectId, cancellationToken), questionKey);
}
