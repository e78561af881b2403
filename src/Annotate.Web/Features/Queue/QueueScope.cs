using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Review;

namespace Annotate.Web.Features.Queue;

/// <summary>Which items are the queue's work: one definition for handing out, progress and the dashboard, so their counts agree.</summary>
internal static class QueueScope
{
    /// <summary>
    /// The items the queue hands out as work: active, not an exact duplicate of another, and not gold. Gold items reach
    /// annotators only through <see cref="GoldMixing"/>, outside the overlap, so they count neither as work left nor as done.
    /// </summary>
    public static IQueryable<Item> Items(AnnotateDbContext db, int projectId) =>
        db.Items.Where(i => i.ProjectId == projectId && i.Status == ItemStatus.Active && i.DuplicateOfId == null).ExceptGold(db);

    /// <summary>The queue's items that still need people's answers: fewer than <paramref name="k"/> submitted.</summary>
    public static IQueryable<Item> NeedingPeople(AnnotateDbContext db, int projectId, int k) =>
        Items(db, projectId).Where(i => i.SubmittedCount < k);
}
