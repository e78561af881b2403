using System.Text.Json;
using Annotate.Core.Projects;
using Annotate.Core.Statistics;
using Annotate.Data;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Statistics;

public sealed record HistogramBar(string Label, long Count);

public sealed record ProjectStatisticsDto(
    int ProjectId,
    long ItemCount,
    long ActiveItemCount,
    long FilteredItemCount,
    long ExactDuplicateCount,
    long NearDuplicateGroupedCount,
    long ItemsWithPii,
    long NearDuplicateGroupCount,
    IReadOnlyDictionary<string, long> PiiByKind,
    IReadOnlyDictionary<string, long> Labels,
    long UsableItems,
    long TotalCharacters,
    long TotalTokens,
    int MemberCount,
    IReadOnlyList<HistogramBar> LengthHistogram,
    DateTime? ComputedAt)
{
    /// <summary>Below this many usable examples fine-tuning rarely helps (a common rule of thumb).</summary>
    public const long RecommendedMinimum = 1000;

    /// <summary>Largest class over smallest, when items carry labels.</summary>
    public double? ImbalanceRatio => Labels.Count < 2 ? null : (double)Labels.Values.Max() / Math.Max(1, Labels.Values.Min());
}

public sealed class StatisticsService(IDbContextFactory<AnnotateDbContext> dbFactory, ProjectAccessService access, JobService jobs)
{
    /// <summary>The last computed statistics, or null when none were computed yet.</summary>
    public async Task<ProjectStatisticsDto?> GetAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var s = await db.ProjectStatistics.AsNoTracking().SingleOrDefaultAsync(x => x.ProjectId == projectId, cancellationToken);
        if (s is null)
        {
            return null;
        }
        var counts = JsonSerializer.Deserialize<long[]>(s.LengthHistogramJson) ?? [];
        var bars = counts.Length == LengthHistogram.LowerBounds.Count
            ? counts.Select((c, i) => new HistogramBar(LengthHistogram.Label(i), c)).ToList()
            : [];
        return new ProjectStatisticsDto(s.ProjectId, s.ItemCount, s.ActiveItemCount, s.FilteredItemCount, s.ExactDuplicateCount,
            s.NearDuplicateGroupedCount, s.ItemsWithPii, s.NearDuplicateGroupCount, ReadCounts(s.PiiCountsJson), ReadCounts(s.LabelCountsJson), s.UsableItemCount,
            s.TotalCharacters, s.TotalTokens, s.MemberCount, bars, s.ComputedAt);
    }

    private static IReadOnlyDictionary<string, long> ReadCounts(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, long>>(string.IsNullOrEmpty(json) ? "{}" : json) ?? [];

    /// <summary>Queues a recount; Managers only.</summary>
    public Task<JobDto> RecountAsync(Caller caller, int projectId, CancellationToken cancellationToken) =>
        jobs.EnqueueAsync(caller, projectId, StatisticsRecountJob.JobKind, null, ProjectRoles.Manager, cancellationToken);
}
