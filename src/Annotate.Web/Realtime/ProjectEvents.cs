using Annotate.Web.Features.Jobs;

namespace Annotate.Web.Realtime;

/// <summary>Something changed in a project that open pages should show without a reload.</summary>
public abstract record ProjectEvent(int ProjectId);

/// <summary>A job was queued, moved, or finished.</summary>
public sealed record JobUpdated(JobDto Job) : ProjectEvent(Job.ProjectId);

/// <summary>The project's statistics were recomputed.</summary>
public sealed record StatisticsUpdated(int ProjectId) : ProjectEvent(ProjectId);
