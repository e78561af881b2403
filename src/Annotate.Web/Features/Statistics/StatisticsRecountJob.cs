using System.Text.Json;
using Annotate.Core.Cleaning;
using Annotate.Core.Statistics;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Statistics;

/// <summary>
/// Recomputes a project's <see cref="ProjectStatistics"/> by reading every item once, in id order and in batches, so it
/// works the same on ten items or ten million. Later stages queue it after they change items.
/// </summary>
public sealed class StatisticsRecountJob(IDbContextFactory<AnnotateDbContext> dbFactory, ProjectEventBus bus, TimeProvider time) : IJobHandler
{
    public const string JobKind = "statistics.recount";
    private const int BatchSize = 2000;

    public string Kind => JobKind;

    public string Title => "Recount statistics";

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var projectId = context.ProjectId;
        await using var db = await dbFactory.CreateForJobAsync(cancellationToken);
        var total = await db.Items.LongCountAsync(i => i.ProjectId == projectId, cancellationToken);
        await context.ReportAsync(0, total, "items", cancellationToken);

        var stats = new ProjectStatistics { ProjectId = projectId };
        var histogram = new LengthHistogram();
        var nearGroups = new HashSet<long>();
        var piiCounts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var labelCounts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long processed = 0;
        long lastId = 0;
        while (true)
        {
            var batch = await db.Items.AsNoTracking()
                .Where(i => i.ProjectId == projectId && i.Id > lastId)
                .OrderBy(i => i.Id)
                .Take(BatchSize)
                .Select(i => new { i.Id, Length = i.Text.Length, i.Status, i.DuplicateOfId, i.NearDuplicateGroupId, i.PiiFlags, i.TokenCount, i.SourceLabel })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var item in batch)
            {
                stats.ItemCount++;
                if (item.Status == ItemStatus.Active)
                {
                    stats.ActiveItemCount++;
                }
                else
                {
                    stats.FilteredItemCount++;
                }
                if (item.DuplicateOfId is not null)
                {
                    stats.ExactDuplicateCount++;
                }
                if (item.NearDuplicateGroupId is { } group)
                {
                    stats.NearDuplicateGroupedCount++;
                    nearGroups.Add(group);
                }
                if (item.PiiFlags != 0)
                {
                    stats.ItemsWithPii++;
                    foreach (var kind in Enum.GetValues<PiiKind>().Where(k => k != PiiKind.None && (item.PiiFlags & (int)k) != 0))
                    {
                        piiCounts[kind.ToString()] = piiCounts.GetValueOrDefault(kind.ToString()) + 1;
                    }
                }
                if (item.Status == ItemStatus.Active && item.DuplicateOfId is null)
                {
                    stats.UsableItemCount++;
                }
                if (item.SourceLabel is { } label && item.Status == ItemStatus.Active && item.DuplicateOfId is null)
                {
                    labelCounts[label] = labelCounts.GetValueOrDefault(label) + 1;
                }
                stats.TotalCharacters += item.Length;
                stats.TotalTokens += item.TokenCount ?? 0;
                histogram.Add(item.Length);
            }
            processed += batch.Count;
            lastId = batch[^1].Id;
            await context.ReportAsync(processed, Math.Max(total, processed), "items", cancellationToken);
        }

        stats.LengthHistogramJson = JsonSerializer.Serialize(histogram.Counts);
        stats.NearDuplicateGroupCount = nearGroups.Count;
        stats.PiiCountsJson = JsonSerializer.Serialize(piiCounts);
        stats.LabelCountsJson = JsonSerializer.Serialize(labelCounts);
        stats.MemberCount = await db.ProjectMembers.CountAsync(m => m.ProjectId == projectId, cancellationToken);
        stats.ComputedAt = time.GetUtcNow().UtcDateTime;
        stats.JobId = context.JobId;

        var existing = await db.ProjectStatistics.FindAsync([projectId], cancellationToken);
        if (existing is null)
        {
            db.ProjectStatistics.Add(stats);
        }
        else if (existing.JobId > context.JobId)
        {
            // A recount queued later has already stored newer numbers; these were read from an older state.
            return $"Counted {stats.ItemCount:N0} items (a newer count was kept)";
        }
        else
        {
            db.Entry(existing).CurrentValues.SetValues(stats);
        }
        await db.SaveChangesAsync(cancellationToken);
        bus.Publish(new StatisticsUpdated(projectId));
        return $"Counted {stats.ItemCount:N0} items";
    }
}
