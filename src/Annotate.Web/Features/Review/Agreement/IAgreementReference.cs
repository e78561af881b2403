using Annotate.Core.Labeling;

namespace Annotate.Web.Features.Review.Agreement;

/// <summary>
/// A labeling that annotators are scored against on the agreement panel and the annotator page: the reviewed final
/// labels (<see cref="ReviewedLabelsReference"/>), gold answers (<see cref="GoldAnswersReference"/>). Each is registered
/// as <c>services.AddSingleton&lt;IAgreementReference, …&gt;()</c>; with none registered the panel shows the annotators
/// against each other and the label model only.
/// </summary>
/// <remarks>
/// <see cref="AgreementService"/> has already checked that the caller may see the project's agreement when it calls
/// <see cref="LoadAsync"/>. Answers are compared with the annotators' current answers to the same question: exactly
/// (accuracy) and by Cohen's κ.
/// </remarks>
public interface IAgreementReference
{
    /// <summary>A short stable key, e.g. "reviewed" or "gold".</summary>
    string Key { get; }

    /// <summary>What the panel calls it, e.g. "Reviewed labels".</summary>
    string Name { get; }

    /// <summary>The reference answer to <paramref name="questionKey"/> of each item that has one, by item id.</summary>
    Task<IReadOnlyDictionary<long, QuestionAnswer>> LoadAsync(int projectId, string questionKey, CancellationToken cancellationToken);
}
