using Annotate.Web.Realtime;
using Microsoft.Extensions.Time.Testing;

namespace Annotate.Web.Tests.Realtime;

public class RefreshCoalescerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task TheFirstRequestRefreshesAtOnceAndABurstFoldsIntoOneRefreshAtTheEndOfTheInterval()
    {
        var time = new FakeTimeProvider();
        var refreshes = 0;
        using var coalescer = new RefreshCoalescer(Interval, time, () => { refreshes++; return Task.CompletedTask; });

        await coalescer.RequestAsync();
        Assert.Equal(1, refreshes);
        for (var i = 0; i < 50; i++)
        {
            await coalescer.RequestAsync();
        }
        Assert.Equal(1, refreshes);
        time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, refreshes);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, refreshes);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, refreshes);

        // A quiet interval later, the next request refreshes at once again.
        await coalescer.RequestAsync();
        Assert.Equal(3, refreshes);
    }

    [Fact]
    public async Task RequestsDuringASlowRefreshMakeExactlyOneMore()
    {
        var time = new FakeTimeProvider();
        var refreshes = 0;
        var slow = new TaskCompletionSource();
        using var coalescer = new RefreshCoalescer(Interval, time, async () =>
        {
            if (++refreshes == 1)
            {
                await slow.Task;
            }
        });

        var running = coalescer.RequestAsync();
        await coalescer.RequestAsync();
        await coalescer.RequestAsync();
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, refreshes);

        slow.SetResult();
        await running;
        // The first refresh outlasted the interval, so the folded one is due at once.
        time.Advance(TimeSpan.Zero);
        Assert.Equal(2, refreshes);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, refreshes);
    }

    [Fact]
    public async Task NothingRunsAfterDispose()
    {
        var time = new FakeTimeProvider();
        var refreshes = 0;
        var coalescer = new RefreshCoalescer(Interval, time, () => { refreshes++; return Task.CompletedTask; });
        await coalescer.RequestAsync();
        await coalescer.RequestAsync();
        coalescer.Dispose();
        time.Advance(TimeSpan.FromSeconds(5));
        await coalescer.RequestAsync();
        Assert.Equal(1, refreshes);
    }
}
