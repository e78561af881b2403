using System.Diagnostics;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>Polls a condition until it holds or a timeout passes; never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(25));
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0} s waiting for {what}; last value: {value}");
            }
            await poll.WaitForNextTickAsync(TestContext.Current.CancellationToken);
        }
    }
}
