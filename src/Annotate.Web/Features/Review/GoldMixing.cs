using Annotate.Data;
using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Review;

/// <summary>
/// How the labeling queue mixes gold items into an annotator's work. Gold items are never handed out by the queue's
/// order; instead, when an annotator's next item is due to be gold, one they have not had yet is handed to them (outside
/// the overlap limit: every annotator is scored on the same gold items). Due means: after n items handed to them, they
/// have had ⌊rate · n + φ⌋ gold items, where φ in [0, 1) is fixed per annotator and project, so the share is the rate
/// within one item at every point and the positions differ between annotators. Nothing tells the annotator.
/// </summary>
internal static class GoldMixing
{
    /// <summary>The gold item to hand to the annotator now, or null when none is due or none is left for them.</summary>
    public static async Task<long?> PickAsync(AnnotateDbContext db, int projectId, string userId, double rate, CancellationToken cancellationToken)
    {
        if (rate <= 0)
        {
            return null;
        }
        var mine = db.Assignments.Where(a => a.ProjectId == projectId && a.AnnotatorId == userId);
        var handed = await mine.CountAsync(cancellationToken);
        var gold = await mine.CountAsync(a => db.GoldItems.Any(g => g.ItemId == a.ItemId), cancellationToken);
        var phase = Hash(userId, projectId) / 4294967296.0;
        if (gold + 1 > Math.Floor(Math.Min(rate, 1) * (handed + 1) + phase))
        {
            return null;
        }
        var salt = Hash(userId, projectId) % 4294967291L;
        return await db.GoldItems.Where(g => g.ProjectId == projectId
                && !db.Assignments.Any(a => a.ItemId == g.ItemId && a.AnnotatorId == userId)
                && db.Items.Any(i => i.Id == g.ItemId && i.Status == ItemStatus.Active))
            // Each annotator meets the gold items in their own order.
            .OrderBy(g => (g.ItemId * 2654435761L + salt) % 4294967291L).ThenBy(g => g.ItemId)
            .Select(g => (long?)g.ItemId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Items the queue's order may hand out: every item but the gold ones.</summary>
    public static IQueryable<Item> ExceptGold(this IQueryable<Item> items, AnnotateDbContext db) =>
        items.Where(i => !db.GoldItems.Any(g => g.ItemId == i.Id));

    /// <summary>A stable 32-bit FNV-1a hash (string.GetHashCode changes between runs).</summary>
    private static long Hash(string userId, int projectId)
    {
        var hash = 2166136261u;
        foreach (var c in $"{projectId}:{userId}")
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
