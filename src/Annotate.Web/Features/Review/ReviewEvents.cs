using Annotate.Web.Realtime;

namespace Annotate.Web.Features.Review;

public enum ReviewChange
{
    /// <summary>Items entered the review queue.</summary>
    Opened,

    /// <summary>A reviewer decided an item's final label.</summary>
    Resolved,

    /// <summary>A reviewer sent an item back to its annotators.</summary>
    SentBack,

    /// <summary>A reviewer took or let go of a task (the queue's counts of free tasks change).</summary>
    Leased,

    /// <summary>Gold items or their answers changed.</summary>
    Gold,
}

/// <summary>
/// The review queue changed: open pages (the reviewer's workbench, the Review tab, an annotator's feedback) refresh.
/// </summary>
/// <param name="ItemId">The item, or null when a batch of items changed at once (weak labels routed after a model run).</param>
/// <param name="Count">How many items changed.</param>
public sealed record ReviewUpdated(int ProjectId, long? ItemId, ReviewChange Change, int Count = 1) : ProjectEvent(ProjectId);
