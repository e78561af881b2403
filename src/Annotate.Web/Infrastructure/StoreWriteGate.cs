using Annotate.Data;

namespace Annotate.Web.Infrastructure;

/// <summary>
/// Lets short, frequent write transactions (queue claims and submissions) take turns in this process when the store is
/// SQLite, which has a single writer anyway: waiting here is a fair queue, while waiting on SQLite's busy handler is a
/// sleep-and-retry loop that turns contention into latency spikes. On PostgreSQL it lets everyone through; row locks
/// and unique indexes keep the queue right there.
/// </summary>
public sealed class StoreWriteGate(DatabaseProvider provider)
{
    private readonly SemaphoreSlim turn = new(1, 1);

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (provider != DatabaseProvider.Sqlite)
        {
            return Released.Instance;
        }
        await turn.WaitAsync(cancellationToken);
        return new Release(turn);
    }

    private sealed class Release(SemaphoreSlim turn) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                turn.Release();
            }
        }
    }

    private sealed class Released : IDisposable
    {
        public static Released Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
