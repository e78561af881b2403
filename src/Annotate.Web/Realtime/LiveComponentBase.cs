using Annotate.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Annotate.Web.Realtime;

/// <summary>
/// A component that shows one project's live state: after the first render it subscribes through
/// <see cref="ProjectEventsClient"/> (which checks membership), re-enters the circuit for each event, and unsubscribes
/// when it is disposed. What changed between the first load and the subscription would be lost, so right after
/// subscribing the component catches up once (<see cref="OnSubscribedAsync"/>).
/// </summary>
public abstract class LiveComponentBase : CallerComponentBase
{
    private IDisposable? subscription;

    [Inject]
    private ProjectEventsClient Events { get; set; } = default!;

    /// <summary>The project whose events this component receives.</summary>
    protected abstract int LiveProjectId { get; }

    /// <summary>Handles one event inside the circuit; the component re-renders afterwards.</summary>
    protected abstract Task OnProjectEventAsync(ProjectEvent projectEvent);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            subscription = await Events.SubscribeAsync(await GetCallerAsync(), LiveProjectId, HandleAsync, Aborted);
            await InvokeAsync(async () =>
            {
                try
                {
                    await OnSubscribedAsync();
                    StateHasChanged();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    await DispatchExceptionAsync(e);
                }
            });
        }
    }

    /// <summary>
    /// Runs once, right after the subscription starts: reload what an event published between the component's first
    /// load and its subscription would have changed (a job that finished meanwhile, statistics recounted meanwhile).
    /// </summary>
    protected virtual Task OnSubscribedAsync() => Task.CompletedTask;

    private Task HandleAsync(ProjectEvent projectEvent) => InvokeAsync(async () =>
    {
        try
        {
            await OnProjectEventAsync(projectEvent);
            StateHasChanged();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await DispatchExceptionAsync(e);
        }
    });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            subscription?.Dispose();
        }
        base.Dispose(disposing);
    }
}
