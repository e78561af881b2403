using Annotate.Core.Cleaning;
using Annotate.Data;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Cleaning;

/// <summary>
/// Groups the project's near-duplicate items (MinHash + LSH over word shingles, at the project's Jaccard threshold).
/// Nothing is deleted: each member of a group points at the group's representative (its lowest item id), so that
/// splits can keep a group together and people can look at it. Items a person took out of a group stay out.
/// Grouping is done again from scratch over the whole project, so it can be re-run at any time.
/// </summary>
public sealed class NearDuplicateJob(IDbContextFactory<AnnotateDbContext> dbFactory, CleaningService cleaning, JobService jobs) : IJobHandler
{
    public const string JobKind = "clean.near-duplicates";
    private const int ReadBatch = 5000;
    private const int WriteBatch = 500;

    public string Kind => JobKind;

    public string Title => "Group near-duplicates";

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var projectId = context.ProjectId;
        var settings = await cleaning.LoadAsync(projectId, cancellationToken);
        await using var db = await dbFactory.CreateForJobAsync(cancellationToken);
        var candidates = db.Items.AsNoTracking().Where(i => i.ProjectId == projectId && !i.NearDuplicateExcluded);
        var total = await candidates.LongCountAsync(cancellationToken);

        // Reading is half the work, writing the groups the other half.
        var index = new NearDuplicateIndex(new NearDuplicateOptions(Threshold: settings.Settings.NearThreshold));
        var ids = new List<long>((int)Math.Min(total, int.MaxValue));
        long lastId = 0;
        while (true)
        {
            var batch = await candidates.Where(i => i.Id > lastId).OrderBy(i => i.Id).Take(ReadBatch)
                .Select(i => new { i.Id, i.Text }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var item in batch)
            {
                index.Add(item.Text);
                ids.Add(item.Id);
            }
            lastId = batch[^1].Id;
            await context.ReportFractionAsync(total == 0 ? 1 : 0.5 * ids.Count / total, ids.Count, "items read", cancellationToken);
        }

        var groups = index.Groups();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // On SQLite this transaction is the only writer; a progress write from another connection would wait for it.
        context.KeepProgressInMemory = true;
        await db.Items.Where(i => i.ProjectId == projectId && i.NearDuplicateGroupId != null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.NearDuplicateGroupId, (long?)null), cancellationToken);
        var grouped = 0L;
        for (var g = 0; g < groups.Count; g++)
        {
            var representative = ids[groups[g].Representative];
            foreach (var chunk in groups[g].Members.Select(m => ids[m]).Chunk(WriteBatch))
            {
                await db.Items.Where(i => i.ProjectId == projectId && chunk.Contains(i.Id))
                    .ExecuteUpdateAsync(u => u.SetProperty(i => i.NearDuplicateGroupId, representative), cancellationToken);
                grouped += chunk.Length;
            }
            if (g % 100 == 0)
            {
                await context.ReportFractionAsync(0.5 + 0.5 * (g + 1) / groups.Count, grouped, "items grouped", cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        context.KeepProgressInMemory = false;
        context.Result = new { groups = groups.Count, items = grouped, threshold = settings.Settings.NearThreshold };
        await jobs.EnqueueSystemAsync(projectId, StatisticsRecountJob.JobKind, null, context.CreatedById, cancellationToken);
        return $"{groups.Count:N0} near-duplicate groups with {grouped:N0} items (Jaccard ≥ {settings.Settings.NearThreshold:0.##})";
    }
}
