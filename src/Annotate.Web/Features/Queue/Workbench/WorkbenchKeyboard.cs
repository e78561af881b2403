using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Annotate.Web.Features.Queue.Workbench;

/// <summary>
/// The keyboard bridge of a keyboard-first page (<c>js/workbench.js</c>): attached once after the first render, it
/// calls the component's <c>[JSInvokable]</c> key handler; disposed with the page. Shared by the annotator's and the
/// reviewer's workbench.
/// </summary>
internal sealed class WorkbenchKeyboard<TComponent> : IAsyncDisposable where TComponent : class
{
    private DotNetObjectReference<TComponent>? self;
    private IJSObjectReference? bridge;

    /// <summary>The imported script module, for its other functions; null until attached.</summary>
    public IJSObjectReference? Module { get; private set; }

    /// <summary>Attaches the keys of <paramref name="root"/> to <paramref name="component"/>.</summary>
    /// <returns>Whether keys will arrive: false when the circuit went away or there is no browser (a test renderer).</returns>
    public async Task<bool> AttachAsync(IJSRuntime js, ElementReference root, TComponent component, CancellationToken cancellationToken)
    {
        try
        {
            self = DotNetObjectReference.Create(component);
            Module = await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/workbench.js");
            if (Module is null)
            {
                return false;
            }
            bridge = await Module.InvokeAsync<IJSObjectReference>("attach", cancellationToken, root, self);
            return true;
        }
        catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Clears the browser's text selection (after a span was taken from it).</summary>
    public async Task ClearSelectionAsync()
    {
        try
        {
            if (bridge is not null)
            {
                await bridge.InvokeVoidAsync("clearSelection");
            }
        }
        catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (bridge is not null)
            {
                await bridge.InvokeVoidAsync("dispose");
                await bridge.DisposeAsync();
            }
            if (Module is not null)
            {
                await Module.DisposeAsync();
            }
        }
        catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException)
        {
        }
        self?.Dispose();
    }
}
