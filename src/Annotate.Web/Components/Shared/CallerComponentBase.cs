using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Annotate.Web.Components.Shared;

/// <summary>A component that calls feature services on behalf of the signed-in user, and cancels that work on dispose.</summary>
public abstract class CallerComponentBase : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource disposed = new();
    private Caller? caller;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Cancelled when the component goes away.</summary>
    protected CancellationToken Aborted => disposed.Token;

    protected async Task<Caller> GetCallerAsync()
    {
        if (caller is null)
        {
            var state = AuthenticationState is null ? null : await AuthenticationState;
            caller = Caller.From(state?.User ?? new System.Security.Claims.ClaimsPrincipal());
        }
        return caller;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !disposed.IsCancellationRequested)
        {
            disposed.Cancel();
            disposed.Dispose();
        }
    }
}
