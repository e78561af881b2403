using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;

namespace Annotate.Web.Realtime;

/// <summary>
/// What components use to receive live updates of one project. It checks membership on the server before it
/// subscribes, and the caller disposes the subscription with the component.
/// </summary>
public sealed class ProjectEventsClient(ProjectEventBus bus, ProjectAccessService access)
{
    /// <exception cref="NotFoundException">No such project, or the caller is not a member.</exception>
    public async Task<IDisposable> SubscribeAsync(Caller caller, int projectId, Func<ProjectEvent, Task> handler, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        return bus.Subscribe(projectId, handler);
    }
}
