using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Review;
using Annotate.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Annotate.Web.Realtime;

/// <summary>What the hub sends to clients.</summary>
public interface IProgressClient
{
    Task JobUpdated(JobDto job);

    Task StatisticsUpdated(int projectId);

    Task QueueUpdated(QueueUpdated update);

    Task WeakLabelsUpdated(WeakLabelsUpdated update);

    Task ReviewUpdated(ReviewUpdated update);
}

/// <summary>
/// Live progress for external clients (scripts, the CLI, other tools). A client joins a project's group only after the
/// server has checked that the signed-in user is a member of that project.
/// </summary>
[Authorize]
public sealed class ProgressHub(ProjectAccessService access) : Hub<IProgressClient>
{
    public const string Path = "/hubs/progress";

    public static string GroupName(int projectId) => $"project:{projectId}";

    public async Task JoinProject(int projectId)
    {
        try
        {
            await access.GetRolesAsync(Caller.From(Context.User!), projectId, Context.ConnectionAborted);
        }
        catch (Exception e) when (e is NotFoundException or ForbiddenException)
        {
            throw new HubException(e.Message);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupName(projectId), Context.ConnectionAborted);
    }

    public Task LeaveProject(int projectId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(projectId), Context.ConnectionAborted);
}

/// <summary>Forwards every <see cref="ProjectEvent"/> to the hub group of its project.</summary>
internal sealed class ProgressHubBridge(ProjectEventBus bus, IHubContext<ProgressHub, IProgressClient> hub) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = bus.SubscribeAll(e => e switch
        {
            JobUpdated j => hub.Clients.Group(ProgressHub.GroupName(j.ProjectId)).JobUpdated(j.Job),
            StatisticsUpdated s => hub.Clients.Group(ProgressHub.GroupName(s.ProjectId)).StatisticsUpdated(s.ProjectId),
            QueueUpdated q => hub.Clients.Group(ProgressHub.GroupName(q.ProjectId)).QueueUpdated(q),
            WeakLabelsUpdated w => hub.Clients.Group(ProgressHub.GroupName(w.ProjectId)).WeakLabelsUpdated(w),
            // Every member is in the group, annotators too, and gold items are mixed into their work unannounced.
            ReviewUpdated r => hub.Clients.Group(ProgressHub.GroupName(r.ProjectId)).ReviewUpdated(r.Change == ReviewChange.Gold ? r with { ItemId = null } : r),
            _ => Task.CompletedTask,
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }
}
