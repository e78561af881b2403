namespace Annotate.Web.Realtime;

/// <summary>
/// Folds bursts of live events into few refreshes: the first request refreshes at once, requests during a refresh or
/// within <c>interval</c> of the last one start make one more refresh when the interval is up. Fifty annotators
/// submitting every second then cost a dashboard one query set per interval, not fifty.
/// </summary>
public sealed class RefreshCoalescer(TimeSpan interval, TimeProvider time, Func<Task> refresh) : IDisposable
{
    private readonly Lock gate = new();
    private long lastStart = long.MinValue;
    private bool running;
    private bool pending;
    private ITimer? timer;
    private bool disposed;

    /// <summary>Asks for a refresh; it runs now, or once at the end of the current interval.</summary>
    public Task RequestAsync()
    {
        TimeSpan wait;
        lock (gate)
        {
            if (disposed)
            {
                return Task.CompletedTask;
            }
            pending = true;
            if (running || timer is not null)
            {
                return Task.CompletedTask;
            }
            wait = Remaining();
            if (wait <= TimeSpan.Zero)
            {
                Start();
            }
        }
        if (wait <= TimeSpan.Zero)
        {
            return RunAsync();
        }
        Schedule(wait);
        return Task.CompletedTask;
    }

    private TimeSpan Remaining() =>
        lastStart == long.MinValue ? TimeSpan.Zero : interval - time.GetElapsedTime(lastStart);

    /// <summary>Under the lock.</summary>
    private void Start()
    {
        running = true;
        pending = false;
        lastStart = time.GetTimestamp();
    }

    // The timer is armed outside the lock and only once it is stored: a timer may fire at once, on this thread.
    private void Schedule(TimeSpan wait)
    {
        var created = time.CreateTimer(_ => _ = FireAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (gate)
        {
            if (disposed || running || timer is not null)
            {
                created.Dispose();
                return;
            }
            timer = created;
        }
        created.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private Task FireAsync()
    {
        lock (gate)
        {
            timer?.Dispose();
            timer = null;
            if (disposed || running || !pending)
            {
                return Task.CompletedTask;
            }
            Start();
        }
        return RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            await refresh();
        }
        finally
        {
            bool again;
            TimeSpan wait;
            lock (gate)
            {
                running = false;
                again = pending && !disposed;
                wait = Remaining();
            }
            if (again)
            {
                Schedule(wait);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer?.Dispose();
            timer = null;
        }
    }
}
