using Annotate.Data.Entities;

namespace Annotate.Web.Features.Jobs;

/// <summary>
/// The registered <see cref="IJobHandler"/>s by kind. Resolved on first use, not at construction: handlers queue
/// follow-up jobs through <see cref="JobService"/>, which needs this class, so an eager list would be a cycle.
/// </summary>
public sealed class JobHandlers(IServiceProvider services)
{
    private readonly Lazy<Dictionary<string, IJobHandler>> handlers = new(
        () => services.GetServices<IJobHandler>().ToDictionary(h => h.Kind, StringComparer.Ordinal));

    private Dictionary<string, IJobHandler> byKind => handlers.Value;

    public bool Exists(string kind) => byKind.ContainsKey(kind);

    public IJobHandler? Find(string kind) => byKind.GetValueOrDefault(kind);

    public string TitleOf(string kind) => byKind.TryGetValue(kind, out var h) ? h.Title : kind;

    public JobDto ToDto(JobRow r) => new(r.Id, r.ProjectId, r.Kind, TitleOf(r.Kind), r.Status, r.Progress, r.Processed, r.Total,
        r.Message, r.Error, r.CreatedByEmail ?? r.CreatedById, r.CreatedAt, r.StartedAt, r.FinishedAt, r.CancelRequested);

    internal JobDto ToDto(Job j, string? createdBy) => new(j.Id, j.ProjectId, j.Kind, TitleOf(j.Kind), j.Status, j.Progress,
        j.Processed, j.Total, j.Message, j.Error, createdBy, j.CreatedAt, j.StartedAt, j.FinishedAt, j.CancelRequested);
}
