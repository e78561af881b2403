using System.Net;
using System.Net.Http.Json;
using Annotate.Core.Projects;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;

namespace Annotate.Web.Tests.Endpoints;

public abstract class ProjectApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Admin, ProjectDetail Project)> ProjectAsync()
    {
        var admin = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var created = await admin.PostAsJsonAsync("/api/projects", new CreateProjectRequest($"Project {Guid.NewGuid():N}", "About spam"), Ct);
        return (admin, (await created.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!);
    }

    [Fact]
    public async Task ACreatedProjectHasItsCreatorAsManager()
    {
        factory.SkipWhenUnavailable();
        var (admin, project) = await ProjectAsync();
        var members = await admin.GetFromJsonAsync<List<ProjectMemberDto>>($"/api/projects/{project.Id}/members", AnnotateJson.Options, Ct);
        Assert.Equal(ProjectRoles.Manager, Assert.Single(members!).Roles);
        Assert.Equal("About spam", project.Description);
    }

    [Fact]
    public async Task ANonAdminCannotCreateProjects()
    {
        factory.SkipWhenUnavailable();
        var user = await factory.SignInAsync(await factory.CreateUserAsync());
        using var response = await user.PostAsJsonAsync("/api/projects", new CreateProjectRequest("Mine", null), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AManagerRenamesAndDescribesButAnAnnotatorCannot()
    {
        factory.SkipWhenUnavailable();
        var (admin, project) = await ProjectAsync();
        var annotator = await factory.CreateUserAsync();
        using (var add = await admin.PutAsJsonAsync($"/api/projects/{project.Id}/members", new SetMemberRequest(annotator.Email!, ProjectRoles.Annotator), AnnotateJson.Options, Ct))
        {
            add.EnsureSuccessStatusCode();
        }
        var newName = $"Renamed {Guid.NewGuid():N}";
        using (var rename = await admin.PutAsJsonAsync($"/api/projects/{project.Id}", new UpdateProjectRequest(newName, "New text"), Ct))
        {
            Assert.Equal(newName, (await rename.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!.Name);
        }
        var client = await factory.SignInAsync(annotator);
        using var refused = await client.PutAsJsonAsync($"/api/projects/{project.Id}", new UpdateProjectRequest("Hijacked", null), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var seen = await client.GetFromJsonAsync<ProjectDetail>($"/api/projects/{project.Id}", AnnotateJson.Options, Ct);
        Assert.Equal(newName, seen!.Name);
        Assert.Equal(ProjectRoles.Annotator, seen.MyRoles);
    }

    [Fact]
    public async Task ArchivedProjectsLeaveTheDefaultListAndCanBeRestored()
    {
        factory.SkipWhenUnavailable();
        var (admin, project) = await ProjectAsync();
        using (var archive = await admin.PostAsync($"/api/projects/{project.Id}/archive", null, Ct))
        {
            Assert.True((await archive.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!.IsArchived);
        }
        var active = await admin.GetFromJsonAsync<List<ProjectSummary>>("/api/projects", AnnotateJson.Options, Ct);
        Assert.DoesNotContain(active!, p => p.Id == project.Id);
        var all = await admin.GetFromJsonAsync<List<ProjectSummary>>("/api/projects?includeArchived=true", AnnotateJson.Options, Ct);
        Assert.Contains(all!, p => p.Id == project.Id && p.IsArchived);

        using var restore = await admin.PostAsync($"/api/projects/{project.Id}/unarchive", null, Ct);
        var listed = await admin.GetFromJsonAsync<List<ProjectSummary>>("/api/projects", AnnotateJson.Options, Ct);
        Assert.Contains(listed!, p => p.Id == project.Id && !p.IsArchived);
    }

    [Fact]
    public async Task RemovingAMemberTakesTheProjectAwayFromThem()
    {
        factory.SkipWhenUnavailable();
        var (admin, project) = await ProjectAsync();
        var user = await factory.CreateUserAsync();
        using (var add = await admin.PutAsJsonAsync($"/api/projects/{project.Id}/members", new SetMemberRequest(user.Email!, ProjectRoles.Annotator | ProjectRoles.Reviewer), AnnotateJson.Options, Ct))
        {
            var members = await add.Content.ReadFromJsonAsync<List<ProjectMemberDto>>(AnnotateJson.Options, Ct);
            Assert.Contains(members!, m => m.UserId == user.Id && m.Roles == (ProjectRoles.Annotator | ProjectRoles.Reviewer));
        }
        var client = await factory.SignInAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/projects/{project.Id}", Ct)).StatusCode);

        using (var remove = await admin.PutAsJsonAsync($"/api/projects/{project.Id}/members", new SetMemberRequest(user.Id, ProjectRoles.None), AnnotateJson.Options, Ct))
        {
            remove.EnsureSuccessStatusCode();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/projects/{project.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task HealthReportsTheDatabase()
    {
        factory.SkipWhenUnavailable();
        using var response = await factory.CreateAnonymousClient().GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"database\"", body);
        Assert.Contains("Healthy", body);
    }
}

public sealed class SqliteProjectApiTests(SqliteWebFactory factory) : ProjectApiTests<SqliteWebFactory>(factory);

public sealed class PostgresProjectApiTests(PostgresWebFactory factory) : ProjectApiTests<PostgresWebFactory>(factory);
