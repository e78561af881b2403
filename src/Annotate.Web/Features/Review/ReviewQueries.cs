using Annotate.Data;
using Annotate.Data.Entities;

namespace Annotate.Web.Features.Review;

/// <summary>Queries the review features share.</summary>
internal static class ReviewQueries
{
    /// <summary>
    /// Each annotator's current answer per item: the highest version of their annotations (a reviewer's answers live in
    /// review decisions, so only annotators' rows are here). Callers narrow it by item (<c>ItemId == id</c> or a list of
    /// ids), never by project: given both, SQLite's planner walks the project's index over every annotation of the
    /// project instead of the item index.
    /// </summary>
    public static IQueryable<Annotation> LatestAnswers(AnnotateDbContext db) =>
        db.Annotations.Where(a => a.Source != AnnotationSource.Review
            && !db.Annotations.Any(b => b.ItemId == a.ItemId && b.AnnotatorId == a.AnnotatorId && b.Version > a.Version));

    /// <summary>The latest decision per item that resolved it (accepted an annotation or gave an answer).</summary>
    public static IQueryable<ReviewDecision> LatestResolutions(AnnotateDbContext db, int projectId) =>
        db.ReviewDecisions.Where(d => d.ProjectId == projectId && d.Outcome != ReviewOutcome.SentBack
            // The project in the inner condition lets it use the (project, item, id) index.
            && !db.ReviewDecisions.Any(e => e.ProjectId == projectId && e.ItemId == d.ItemId && e.Outcome != ReviewOutcome.SentBack && e.Id > d.Id));

    /// <summary>A person's name as pages show it.</summary>
    public static string NameOf(string? displayName, string? email, string? userName, string id) =>
        !string.IsNullOrWhiteSpace(displayName) ? displayName : email ?? userName ?? id;

    /// <summary>The first characters of a text, for lists.</summary>
    public static string Preview(string text, int length = 200) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

