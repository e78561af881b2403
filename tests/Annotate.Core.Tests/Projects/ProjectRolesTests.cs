using Annotate.Core.Projects;

namespace Annotate.Core.Tests.Projects;

public class ProjectRolesTests
{
    [Fact]
    public void IncludesNeedsEveryRequiredRole()
    {
        var held = ProjectRoles.Annotator | ProjectRoles.Reviewer;
        Assert.True(held.Includes(ProjectRoles.Reviewer));
        Assert.False(held.Includes(ProjectRoles.Manager | ProjectRoles.Reviewer));
    }

    [Fact]
    public void SplitListsEachRoleOnceInOrder() =>
        Assert.Equal([ProjectRoles.Manager, ProjectRoles.Reviewer], (ProjectRoles.Reviewer | ProjectRoles.Manager).Split());

    [Fact]
    public void SplitOfNoneIsEmpty() => Assert.Empty(ProjectRoles.None.Split());
}
