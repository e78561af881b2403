using System.Collections.Concurrent;

namespace Annotate.Web.Realtime;

/// <summary>
/// In-process publish/subscribe of <see cref="ProjectEvent"/>s. Publishers never wait for subscribers: each handler
/// runs on the thread pool and its failures are logged, so a slow page cannot slow a job down. The SignalR hub and the
/// components' <see cref="ProjectEventsClient"/> both listen here.
/// </summary>
public sealed class ProjectEventBus(ILogger<ProjectEventBus> logger)
{
    private readonly ConcurrentDictionary<Subscription, byte> subscriptions = new();

    public void Publish(ProjectEvent projectEvent)
    {
        foreach (var subscription in subscriptions.Keys)
        {
            if (subscription.ProjectId is null || subscription.ProjectId == projectEvent.ProjectId)
            {
                _ = DeliverAsync(subscription, projectEvent);
            }
        }
    }

    /// <summary>Calls <paramref name="handler"/> for each event of one project until the result is disposed.</summary>
    /// <remarks>Callers must have checked that the subscriber may see the project; <see cref="ProjectEventsClient"/> does.</remarks>
    public IDisposable Subscribe(int projectId, Func<ProjectEvent, Task> handler) => Add(new Subscription(this, projectId, handler));

    /// <summary>Calls <paramref name="handler"/> for every project's events; for server-side bridges only.</summary>
    public IDisposable SubscribeAll(Func<ProjectEvent, Task> handler) => Add(new Subscription(this, null, handler));

    public int SubscriberCount => subscriptions.Count;

    private Subscription Add(Subscription subscription)
    {
        subscriptions.TryAdd(subscription, 0);
        return subscription;
    }

    private async Task DeliverAsync(Subscription subscription, ProjectEvent projectEvent)
    {
        try
        {
            await Task.Yield();
            await subscription.Handler(projectEvent);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A subscriber failed to handle {Event}", projectEvent.GetType().Name);
        }
    }

    private sealed class Subscription(ProjectEventBus bus, int? projectId, Func<ProjectEvent, Task> handler) : IDisposable
    {
        public int? ProjectId { get; } = projectId;

        public Func<ProjectEvent, Task> Handler { get; } = handler;

        public void Dispose() => bus.subscriptions.TryRemove(this, out _);
    }
}
