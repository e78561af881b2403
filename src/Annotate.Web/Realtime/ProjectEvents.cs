using Annotate.Web.Features.Jobs;

namespace Annotate.Web.Realtime;

/// <summary>Something changed in a project that open pages should show without a reload.</summary>
public abstract record ProjectEvent(int ProjectId);

/// <summary>A job was queued, moved, or finished.</summary>
public sealed record JobUpdated(JobDto Job) : ProjectEvent(Job.ProjectId);

/// <summary>The project's statistics were recomputed.</summary>
public sealed record StatisticsUpdated(int ProjectId) : ProjectEvent(ProjectId);

/// <summary>
/// A label model was fitted for one question of the project: its weak labels (run <paramref name="RunId"/>, now the
/// question's current run) and the LF analysis' learned accuracies changed.
/// </summary>
public sealed record WeakLabelsUpdated(int ProjectId, string QuestionKey, int RunId) : ProjectEvent(ProjectId);

/// <summary>What happened to an item in the labeling queue.</summary>
public enum QueueChange
{
    Submitted,
    Changed,
    Skipped,
}

/// <summary>
/// An annotator answered, changed an answer to, or skipped an item; live counts (the annotator's today, the project's
/// remaining items, the Manager's dashboard) refresh from it.
/// </summary>
public sealed record QueueUpdated(int ProjectId, long ItemId, string AnnotatorId, QueueChange Change, int Version) : ProjectEvent(ProjectId);
