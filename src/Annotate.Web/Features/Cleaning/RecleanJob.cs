using Annotate.Data;
using Annotate.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Cleaning;

/// <summary>
/// Applies the project's current cleaning rules to the items already imported, in one transaction (a failure or a
/// cancel changes nothing). Each item is cleaned again from its original text where it was kept, otherwise from its
/// current text (so PII masked without keeping the original stays masked). Exact-duplicate pointers are worked out
/// again for the whole project; near-duplicate grouping (or a recount) follows as its own job.
/// </summary>
public sealed class RecleanJob(IDbContextFactory<AnnotateDbContext> dbFactory, CleaningService cleaning, JobService jobs) : IJobHandler
{
    public const string JobKind = "clean.rerun";
    private const int Batch = 1000;

    public string Kind => JobKind;

    public string Title => "Re-run cleaning";

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var projectId = context.ProjectId;
        var settings = await cleaning.LoadAsync(projectId, cancellationToken);
        await using var db = await dbFactory.CreateForJobAsync(cancellationToken);
        var total = await db.Items.LongCountAsync(i => i.ProjectId == projectId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // On SQLite this transaction is the only writer; a progress write from another connection would wait for it.
        context.KeepProgressInMemory = true;
        long done = 0, changed = 0, withoutOriginal = 0;
        long lastId = 0;
        while (true)
        {
            var batch = await db.Items.Where(i => i.ProjectId == projectId && i.Id > lastId).OrderBy(i => i.Id).Take(Batch).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var item in batch)
            {
                var before = (item.Text, item.Status, item.PiiFlags);
                if (item.OriginalText is { } original)
                {
                    item.Text = original;
                }
                else
                {
                    withoutOriginal++;
                }
                settings.Apply(item);
                if (before != (item.Text, item.Status, item.PiiFlags))
                {
                    changed++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            lastId = batch[^1].Id;
            done += batch.Count;
            await context.ReportAsync(done, total, "items", cancellationToken);
        }
        await db.Items.Where(i => i.ProjectId == projectId && i.DuplicateOfId != null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.DuplicateOfId, (long?)null), cancellationToken);
        var duplicates = await ExactDuplicates.MarkAsync(db, projectId, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        context.KeepProgressInMemory = false;
        context.Result = new { items = done, changed, exactDuplicates = duplicates };

        await jobs.EnqueueSystemAsync(projectId, settings.FollowUpJobKind, null, context.CreatedById, cancellationToken);
        return $"Cleaned {done:N0} items again: {changed:N0} changed, {duplicates:N0} exact duplicates marked";
    }
}
