using System.Text;
using Microsoft.Playwright;

namespace Annotate.E2E.TestSupport;

/// <summary>
/// Knows when the page's Blazor Server circuit is live. A click on a prerendered button before the circuit connects is
/// silently lost (STACK_NOTES §4), so interactive pages wait here first. The circuit counts as live once its WebSocket
/// has delivered a render batch; a new document (full load) or a closed socket makes it not live again.
/// </summary>
public sealed class CircuitWatcher
{
    private static readonly byte[] RenderBatch = Encoding.ASCII.GetBytes("JS.RenderBatch");
    private readonly Lock gate = new();
    private TaskCompletionSource live = NewSignal();

    public CircuitWatcher(IPage page)
    {
        page.DOMContentLoaded += (_, _) => Reset();
        page.WebSocket += (_, socket) =>
        {
            if (!socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                return;
            }
            socket.FrameReceived += (_, frame) =>
            {
                if (frame.Binary is { } bytes && bytes.AsSpan().IndexOf(RenderBatch) >= 0
                    || frame.Text?.Contains("JS.RenderBatch", StringComparison.Ordinal) == true)
                {
                    lock (gate)
                    {
                        live.TrySetResult();
                    }
                }
            };
            socket.Close += (_, _) => Reset();
        };
    }

    /// <exception cref="System.TimeoutException">No circuit came up in time (the message says what to look at).</exception>
    public async Task WaitUntilLiveAsync(TimeSpan timeout)
    {
        Task signal;
        lock (gate)
        {
            signal = live.Task;
        }
        try
        {
            await signal.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (System.TimeoutException)
        {
            throw new System.TimeoutException($"The Blazor circuit did not connect within {timeout.TotalSeconds:0} s " +
                "(no render batch arrived over /_blazor). Is the page interactive, and did blazor.web.js load?");
        }
    }

    private void Reset()
    {
        lock (gate)
        {
            if (live.Task.IsCompleted)
            {
                live = NewSignal();
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
