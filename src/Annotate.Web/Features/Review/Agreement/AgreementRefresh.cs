using Annotate.Web.Realtime;

namespace Annotate.Web.Features.Review.Agreement;

/// <summary>Which live events change what the agreement panel and the annotator page show.</summary>
public static class AgreementRefresh
{
    /// <summary>
    /// An answer was given or changed (the annotators' figures), a reviewer resolved an item (the "vs reviewed labels"
    /// reference), or gold answers changed (the "vs gold" reference). Skips, leases, items opened or sent back change
    /// no figure.
    /// </summary>
    public static bool Needed(ProjectEvent projectEvent) => projectEvent switch
    {
        QueueUpdated update => update.Change != QueueChange.Skipped,
        ReviewUpdated update => update.Change is ReviewChange.Resolved or ReviewChange.Gold,
        _ => false,
    };
}
