using System.Diagnostics;
using System.Text.Json;
using Annotate.Core.Jobs;
using Annotate.Data;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Jobs;

/// <summary>
/// What a running handler sees of its job: its parameters, and <see cref="ReportAsync"/> to move the progress bar.
/// Reports are cheap to call often: live pages get at most ten a second, the database at most two.
/// </summary>
public sealed class JobContext
{
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SaveInterval = TimeSpan.FromMilliseconds(500);

    private readonly IDbContextFactory<AnnotateDbContext> dbFactory;
    private readonly Action<JobDto> publish;
    private readonly CancellationTokenSource cancellation;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private JobDto state;
    private TimeSpan? lastPublish;
    private TimeSpan lastSave = TimeSpan.Zero;

    internal JobContext(JobDto state, string? createdById, string? parametersJson, IDbContextFactory<AnnotateDbContext> dbFactory,
        Action<JobDto> publish, CancellationTokenSource cancellation)
    {
        this.state = state;
        CreatedById = createdById;
        ParametersJson = parametersJson;
        this.dbFactory = dbFactory;
        this.publish = publish;
        this.cancellation = cancellation;
    }

    public long JobId => state.Id;

    public int ProjectId => state.ProjectId;

    public string? CreatedById { get; }

    public string? ParametersJson { get; }

    internal JobDto State => state;

    /// <summary>
    /// While true, progress reaches live pages but is not written to the store (a handler holding a long write
    /// transaction sets it: on SQLite another connection's write would wait for that transaction). Cancel requests are
    /// still read.
    /// </summary>
    public bool KeepProgressInMemory { get; set; }

    /// <summary>What the job produced, stored as JSON with the job (counts, the path of a report).</summary>
    public object? Result { get; set; }

    /// <exception cref="JobFailedException">The parameters are missing or not of the expected shape.</exception>
    public T GetParameters<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(ParametersJson ?? "null", JsonSerializerOptions.Web)
                ?? throw new JobFailedException("The job has no parameters.");
        }
        catch (JsonException e)
        {
            throw new JobFailedException($"The job's parameters are not valid: {e.Message}");
        }
    }

    /// <summary>Records that <paramref name="processed"/> of <paramref name="total"/> units are done.</summary>
    /// <param name="unit">What is counted, for the message ("items", "rows").</param>
    public ValueTask ReportAsync(long processed, long total, string unit, CancellationToken cancellationToken)
    {
        var estimate = new ProgressEstimate(processed, total, clock.Elapsed);
        return UpdateAsync(estimate.Fraction, processed, total, estimate.Describe(unit), cancellationToken);
    }

    /// <summary>
    /// Records progress when the number of units is not known in advance (a streamed file): <paramref name="fraction"/>
    /// comes from another measure (bytes read), <paramref name="count"/> is what the user cares about (rows).
    /// </summary>
    public ValueTask ReportFractionAsync(double fraction, long count, string unit, CancellationToken cancellationToken)
    {
        fraction = Math.Clamp(fraction, 0, 1);
        var elapsed = clock.Elapsed;
        var message = $"{count:N0} {unit}";
        if (elapsed.TotalSeconds > 0 && count > 0)
        {
            message += $" · {count / elapsed.TotalSeconds:N0}/s";
        }
        if (fraction is > 0.01 and < 1)
        {
            message += $" · about {ProgressEstimate.FormatDuration(elapsed * ((1 - fraction) / fraction))} left";
        }
        return UpdateAsync(fraction, count, 0, message, cancellationToken);
    }

    private async ValueTask UpdateAsync(double fraction, long processed, long total, string message, CancellationToken cancellationToken)
    {
        state = state with { Processed = processed, Total = total, Progress = fraction, Message = message };
        var now = clock.Elapsed;
        if (lastPublish is not { } published || now - published >= PublishInterval)
        {
            lastPublish = now;
            publish(state);
        }
        if (now - lastSave >= SaveInterval)
        {
            lastSave = now;
            await SaveAsync(cancellationToken);
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var s = state;
        if (!KeepProgressInMemory)
        {
            await db.Jobs.Where(j => j.Id == s.Id).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.Progress, s.Progress)
            .SetProperty(j => j.Processed, s.Processed)
            .SetProperty(j => j.Total, s.Total)
            .SetProperty(j => j.Message, s.Message), cancellationToken);
        }
        // A cancel may have been asked on another instance: the flag in the store is what counts.
        var cancelRequested = await db.Jobs.Where(j => j.Id == s.Id).Select(j => j.CancelRequested).SingleAsync(cancellationToken);
        if (cancelRequested)
        {
            await cancellation.CancelAsync();
        }
    }
}
