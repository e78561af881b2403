namespace Annotate.Core.Projects;

/// <summary>The roles a user holds inside one project. A member may hold several at once.</summary>
[Flags]
public enum ProjectRoles
{
    None = 0,

    /// <summary>Configures the project, imports data, manages members and exports.</summary>
    Manager = 1,

    /// <summary>Labels items from the queue.</summary>
    Annotator = 2,

    /// <summary>Resolves disagreements in the review queue.</summary>
    Reviewer = 4,

    All = Manager | Annotator | Reviewer,
}

public static class ProjectRolesExtensions
{
    /// <summary>True when <paramref name="held"/> contains every role in <paramref name="required"/>.</summary>
    public static bool Includes(this ProjectRoles held, ProjectRoles required) => (held & required) == required;

    /// <summary>The individual roles set in <paramref name="roles"/>, in declaration order.</summary>
    public static IEnumerable<ProjectRoles> Split(this ProjectRoles roles)
    {
        foreach (var role in (ProjectRoles[])[ProjectRoles.Manager, ProjectRoles.Annotator, ProjectRoles.Reviewer])
        {
            if ((roles & role) != 0)
            {
                yield return role;
            }
        }
    }
}
