namespace Annotate.Web.Features.Queue.Dashboard;

/// <summary>The Manager's live view of a project's labeling queue.</summary>
/// <param name="Overlap">Annotations required per item (k).</param>
/// <param name="ItemsInQueue">Active items that are not exact duplicates: the ones the queue hands out.</param>
/// <param name="Completed">Items of the queue with k or more submitted annotations.</param>
/// <param name="Remaining">Items of the queue still short of k.</param>
/// <param name="InProgress">Live leases: items handed out and not answered yet.</param>
/// <param name="SubmittedLastHour">First answers in the last 60 minutes (changes to an answer are not counted).</param>
/// <param name="LateSubmissions">Answers that arrived after their lease had expired (kept, and counted).</param>
/// <param name="TodayStartsAt">Where "today" starts: midnight UTC.</param>
/// <param name="TakenAt">When the figures were taken.</param>
public sealed record QueueDashboardDto(
    int Overlap,
    long ItemsInQueue,
    long Completed,
    long Remaining,
    int InProgress,
    int SubmittedLastHour,
    int LateSubmissions,
    DateTime TodayStartsAt,
    DateTime TakenAt,
    IReadOnlyList<AnnotatorActivity> Annotators,
    long AutoAccepted = 0)
{
    /// <summary>Share of the queue's items that reached k, 0 to 1.</summary>
    public double CompletedShare => ItemsInQueue == 0 ? 0 : (double)Completed / ItemsInQueue;
}

/// <summary>One annotator's work in the project.</summary>
/// <param name="LabelingNow">Holds a live lease, or submitted in the last 5 minutes.</param>
/// <param name="ItemsPerHour">Items submitted in the last 60 minutes.</param>
/// <param name="MedianSeconds">Median time per item, from the first version of each answer the workbench timed.</param>
/// <param name="LastActivity">The latest lease, submission or change of an answer.</param>
public sealed record AnnotatorActivity(
    string UserId,
    string Name,
    string? Email,
    bool LabelingNow,
    int SubmittedToday,
    int SubmittedTotal,
    int ItemsPerHour,
    double? MedianSeconds,
    int Skips,
    DateTime? LastActivity);

/// <summary>What the annotator's start card shows.</summary>
/// <param name="RemainingForMe">Items the queue can still hand to the caller (including the ones they hold).</param>
/// <param name="ProjectRemaining">Items of the queue still short of k.</param>
public sealed record MyQueueProgress(long RemainingForMe, long ProjectRemaining, int SubmittedToday, int SubmittedTotal, bool HasSchema);
