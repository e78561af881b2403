using System.Net;
using System.Net.Http.Json;
using Annotate.Data;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Tests.Endpoints;

/// <summary>Bad input gets a clear message that names the rule, never a stack trace or a 500.</summary>
public abstract class BadInputTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreatingAProjectWithATakenNameIsRejectedWithTheName()
    {
        factory.SkipWhenUnavailable();
        var admin = await factory.CreateUserAsync(admin: true);
        var client = await factory.SignInAsync(admin);
        var name = $"Spam filter {Guid.NewGuid():N}";
        using var first = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest(name, null), Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // Same name in other case and spacing.
        using var second = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest("  " + name.ToUpperInvariant().Replace(" ", "   ") + " ", null), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct);
        Assert.Contains("already exists", Assert.Single(problem!.Errors["Name"]));
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        Assert.Equal(1, await db.Projects.CountAsync(p => p.NormalizedName == Annotate.Core.Projects.ProjectNames.Normalize(name), Ct));
    }

    [Fact]
    public async Task AnEmptyProjectNameIsRejectedByField()
    {
        factory.SkipWhenUnavailable();
        var client = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var response = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest("   ", null), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct);
        Assert.Equal("A project needs a name.", Assert.Single(problem!.Errors["Name"]));
    }

    [Fact]
    public async Task AnUnknownProjectIdGetsTheNotFoundPageWithoutAStackTrace()
    {
        factory.SkipWhenUnavailable();
        var client = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var page = await client.GetAsync("/projects/987654", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("data-testid=\"not-found\"", html);
        Assert.DoesNotContain("Exception", html);

        using var api = await client.GetAsync("/api/projects/987654", Ct);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        var problem = await api.Content.ReadFromJsonAsync<ProblemDetails>(Ct);
        Assert.Contains("987654", problem!.Detail);
    }

    [Fact]
    public async Task ANonNumericProjectIdInAPageUrlIsNotFound()
    {
        factory.SkipWhenUnavailable();
        var client = await factory.SignInAsync(await factory.CreateUserAsync());
        using var page = await client.GetAsync("/projects/not-a-number", Ct);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("Exception", await page.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task AddingAnUnknownUserAsMemberNamesTheEmail()
    {
        factory.SkipWhenUnavailable();
        var client = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var created = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest($"P {Guid.NewGuid():N}", null), Ct);
        var project = await created.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct);
        using var response = await client.PutAsJsonAsync($"/api/projects/{project!.Id}/members",
            new SetMemberRequest("nobody@example.test", Annotate.Core.Projects.ProjectRoles.Annotator), AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nobody@example.test", await response.Content.ReadAsStringAsync(Ct));
    }

}

public sealed class SqliteBadInputTests(SqliteWebFactory factory) : BadInputTests<SqliteWebFactory>(factory);

public sealed class PostgresBadInputTests(PostgresWebFactory factory) : BadInputTests<PostgresWebFactory>(factory);
