using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Projects;

/// <summary>Projects and their members: one method per use case, each checking the caller's rights itself.</summary>
public sealed class ProjectService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    TimeProvider time)
{
    /// <summary>The projects the caller is a member of (every project for an Admin), newest first.</summary>
    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(Caller caller, bool includeArchived, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var projects = db.Projects.AsNoTracking();
        if (!caller.IsAdmin)
        {
            projects = projects.Where(p => p.Members.Any(m => m.UserId == caller.UserId && m.Roles != ProjectRoles.None));
        }
        if (!includeArchived)
        {
            projects = projects.Where(p => !p.IsArchived);
        }
        var rows = await projects
            .OrderBy(p => p.IsArchived).ThenByDescending(p => p.Id)
            .Select(p => new
            {
                p.Id,
                p.Name,
                p.Description,
                p.IsArchived,
                p.CreatedAt,
                MyRoles = p.Members.Where(m => m.UserId == caller.UserId).Select(m => (ProjectRoles?)m.Roles).FirstOrDefault(),
                MemberCount = p.Members.Count(),
                ItemCount = db.Items.LongCount(i => i.ProjectId == p.Id),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ProjectSummary(
            r.Id, r.Name, r.Description, r.IsArchived, r.CreatedAt,
            caller.IsAdmin ? ProjectRoles.All : r.MyRoles ?? ProjectRoles.None,
            r.MemberCount, r.ItemCount))];
    }

    /// <exception cref="NotFoundException">No such project, or the caller is not a member.</exception>
    public async Task<ProjectDetail> GetAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        var roles = await access.GetRolesAsync(caller, projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var p = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, cancellationToken);
        return new ProjectDetail(p.Id, p.Name, p.Description, p.IsArchived, p.CreatedAt, p.ArchivedAt, roles);
    }

    /// <summary>Creates a project; the creator becomes its Manager.</summary>
    /// <exception cref="ForbiddenException">The caller is not an Admin.</exception>
    /// <exception cref="InputException">The name is empty, too long, or taken.</exception>
    public async Task<ProjectDetail> CreateAsync(Caller caller, CreateProjectRequest request, CancellationToken cancellationToken)
    {
        caller.RequireAdmin();
        var name = CheckName(request.Name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var project = new Project
        {
            Name = name,
            NormalizedName = ProjectNames.Normalize(name),
            Description = CheckDescription(request.Description),
            CreatedAt = now,
            CreatedById = caller.UserId,
        };
        project.Members.Add(new ProjectMember { UserId = caller.UserId, Roles = ProjectRoles.Manager, AddedAt = now });
        db.Projects.Add(project);
        await SaveUniqueNameAsync(db, name, cancellationToken);
        return new ProjectDetail(project.Id, project.Name, project.Description, false, project.CreatedAt, null, ProjectRoles.All);
    }

    /// <exception cref="NotFoundException">No such project, or the caller is not a member.</exception>
    /// <exception cref="ForbiddenException">The caller is not a Manager of it.</exception>
    /// <exception cref="InputException">The name is empty, too long, or taken.</exception>
    public async Task<ProjectDetail> UpdateAsync(Caller caller, int projectId, UpdateProjectRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        var name = CheckName(request.Name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var project = await db.Projects.SingleAsync(p => p.Id == projectId, cancellationToken);
        project.Name = name;
        project.NormalizedName = ProjectNames.Normalize(name);
        project.Description = CheckDescription(request.Description);
        await SaveUniqueNameAsync(db, name, cancellationToken);
        return await GetAsync(caller, projectId, cancellationToken);
    }

    /// <summary>Archives (hides from the default list, read-only for later stages) or restores a project.</summary>
    public async Task<ProjectDetail> SetArchivedAsync(Caller caller, int projectId, bool archived, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var project = await db.Projects.SingleAsync(p => p.Id == projectId, cancellationToken);
        project.IsArchived = archived;
        project.ArchivedAt = archived ? time.GetUtcNow().UtcDateTime : null;
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(caller, projectId, cancellationToken);
    }

    /// <summary>Members of the project with their roles; any member may see who their teammates are.</summary>
    public async Task<IReadOnlyList<ProjectMemberDto>> ListMembersAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProjectMembers.AsNoTracking()
            .Where(m => m.ProjectId == projectId)
            .OrderBy(m => m.User!.Email)
            .Select(m => new ProjectMemberDto(m.UserId, m.User!.Email ?? "", m.User.DisplayName, m.Roles, m.AddedAt, m.User.IsDisabled))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Adds a member or changes their roles; <see cref="ProjectRoles.None"/> removes them.</summary>
    /// <exception cref="InputException">No user has that e-mail or id.</exception>
    public async Task<IReadOnlyList<ProjectMemberDto>> SetMemberAsync(Caller caller, int projectId, SetMemberRequest request, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        if ((request.Roles & ~ProjectRoles.All) != 0)
        {
            throw new InputException(nameof(request.Roles), $"Unknown role value {(int)request.Roles}.");
        }
        var key = (request.User ?? "").Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var normalized = key.ToUpperInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == key || u.NormalizedEmail == normalized, cancellationToken)
            ?? throw new InputException(nameof(request.User), $"No user with the e-mail or id '{key}'. An Admin can create the account first.");
        var member = await db.ProjectMembers.FindAsync([projectId, user.Id], cancellationToken);
        if (request.Roles == ProjectRoles.None)
        {
            if (member is not null)
            {
                db.ProjectMembers.Remove(member);
            }
        }
        else if (member is null)
        {
            db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = user.Id, Roles = request.Roles, AddedAt = time.GetUtcNow().UtcDateTime });
        }
        else
        {
            member.Roles = request.Roles;
        }
        await db.SaveChangesAsync(cancellationToken);
        return await ListMembersAsync(caller, projectId, cancellationToken);
    }

    /// <summary>Users a Manager can add, matching <paramref name="search"/> in e-mail or name.</summary>
    public async Task<IReadOnlyList<UserPick>> SearchUsersAsync(Caller caller, int projectId, string? search, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking().Where(u => !u.IsDisabled);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToUpperInvariant();
            users = users.Where(u => u.NormalizedEmail!.Contains(s) || (u.DisplayName != null && u.DisplayName.ToUpper().Contains(s)));
        }
        return await users.OrderBy(u => u.Email).Take(20)
            .Select(u => new UserPick(u.Id, u.Email ?? "", u.DisplayName))
            .ToListAsync(cancellationToken);
    }

    private static string CheckName(string? name)
    {
        if (ProjectNames.Validate(name) is { } problem)
        {
            throw new InputException("Name", problem);
        }
        return ProjectNames.Clean(name!);
    }

    private static string CheckDescription(string? description)
    {
        var text = (description ?? "").Trim();
        return text.Length <= 4000
            ? text
            : throw new InputException("Description", $"A description may have at most 4000 characters (this one has {text.Length}).");
    }

    private async Task SaveUniqueNameAsync(AnnotateDbContext db, string name, CancellationToken cancellationToken)
    {
        var normalized = ProjectNames.Normalize(name);
        var self = db.ChangeTracker.Entries<Project>().Single().Entity;
        if (await db.Projects.AnyAsync(p => p.NormalizedName == normalized && p.Id != self.Id, cancellationToken))
        {
            throw DuplicateName(name);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two users saved the same name at once; the unique index caught the second.
            await using var check = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await check.Projects.AnyAsync(p => p.NormalizedName == normalized && p.Id != self.Id, cancellationToken))
            {
                throw DuplicateName(name);
            }
            throw;
        }
    }

    private static InputException DuplicateName(string name) =>
        new("Name", $"A project named \"{name}\" already exists. Choose another name.");
}
