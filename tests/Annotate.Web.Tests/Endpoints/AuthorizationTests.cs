using System.Net;
using System.Net.Http.Json;
using Annotate.Data;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Endpoints;

/// <summary>
/// Walks every endpoint the app maps, so that a new endpoint without authorization fails this suite:
/// anonymous callers get 401 (API, hubs) or the login page (pages); members of one project see nothing of another;
/// non-admins cannot reach admin pages.
/// </summary>
public abstract class AuthorizationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    /// <summary>Endpoints that may be reached without signing in, by route pattern.</summary>
    private static readonly HashSet<string> AnonymousAllowed =
    [
        "/Account/Login",
        "/Account/Register",
        "/Account/AccessDenied",
        "/Account/Lockout",
        "/not-found",
        "/Error",
        "/health",
        "/api/auth/login",
    ];

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReadOnlyList<RouteEndpoint> AppEndpoints() => factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => !IsStaticAsset(e))
        .ToList();

    private static bool IsStaticAsset(RouteEndpoint e) =>
        e.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor");

    private static string Pattern(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');

    private static string Method(RouteEndpoint e) => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";

    /// <summary>A concrete URL for a pattern: every parameter filled with <paramref name="projectId"/> or a number.</summary>
    private static string Url(RouteEndpoint e, int projectId)
    {
        var parts = e.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart { Name: var name } when name.Equals("projectId", StringComparison.OrdinalIgnoreCase) => projectId.ToString(),
            RoutePatternParameterPart { Name: "Tab" } => "overview",
            RoutePatternParameterPart { IsCatchAll: true } => "x",
            RoutePatternParameterPart => "1",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        return "/" + string.Join('/', parts);
    }

    private static HttpRequestMessage Request(RouteEndpoint e, int projectId)
    {
        var method = Method(e);
        var request = new HttpRequestMessage(new HttpMethod(method), Url(e, projectId));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = JsonContent.Create(new { });
        }
        return request;
    }

    private static bool IsMachineEndpoint(string pattern) => pattern.StartsWith("/api", StringComparison.Ordinal) || pattern.StartsWith("/hubs", StringComparison.Ordinal);

    [Fact]
    public void OnlyTheListedEndpointsAllowAnonymousCallers()
    {
        factory.SkipWhenUnavailable();
        var anonymous = AppEndpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(Pattern)
            .Where(p => !p.StartsWith("/_blazor", StringComparison.Ordinal) && !p.StartsWith("/_framework", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.All(anonymous, p => Assert.Contains(p, AnonymousAllowed));
    }

    [Fact]
    public async Task AnonymousCallersGet401FromApisAndTheLoginPageFromPages()
    {
        factory.SkipWhenUnavailable();
        var client = factory.CreateAnonymousClient();
        var checkedCount = 0;
        foreach (var endpoint in AppEndpoints())
        {
            var pattern = Pattern(endpoint);
            if (AnonymousAllowed.Contains(pattern) || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                continue;
            }
            using var response = await client.SendAsync(Request(endpoint, 1), Ct);
            if (IsMachineEndpoint(pattern))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{Method(endpoint)} {pattern} answered {(int)response.StatusCode} to an anonymous caller");
            }
            else
            {
                Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized,
                    $"{Method(endpoint)} {pattern} answered {(int)response.StatusCode} to an anonymous caller");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.Contains("/Account/Login", response.Headers.Location?.ToString() ?? "");
                }
            }
            checkedCount++;
        }
        Assert.True(checkedCount >= 15, $"Only {checkedCount} endpoints were checked; the enumeration is broken.");
    }

    [Fact]
    public async Task AMemberOfOneProjectSeesNothingOfAnother()
    {
        factory.SkipWhenUnavailable();
        var admin = await factory.CreateUserAsync(admin: true);
        var member = await factory.CreateUserAsync();
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var adminCaller = AnnotateWebFactory.CallerOf(admin, admin: true);
        var mine = await projects.CreateAsync(adminCaller, new CreateProjectRequest($"Mine {Guid.NewGuid():N}", null), Ct);
        var secretName = $"Secret {Guid.NewGuid():N}";
        var theirs = await projects.CreateAsync(adminCaller, new CreateProjectRequest(secretName, "classified"), Ct);
        await projects.SetMemberAsync(adminCaller, mine.Id, new SetMemberRequest(member.Email!, Annotate.Core.Projects.ProjectRoles.All), Ct);

        var client = await factory.SignInAsync(member);
        var checkedCount = 0;
        foreach (var endpoint in AppEndpoints().Where(e => e.RoutePattern.Parameters.Any(p => p.Name.Equals("projectId", StringComparison.OrdinalIgnoreCase))))
        {
            using var response = await client.SendAsync(Request(endpoint, theirs.Id), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            var description = $"{Method(endpoint)} {Url(endpoint, theirs.Id)} answered {(int)response.StatusCode}";
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, description);
            Assert.DoesNotContain(secretName, body);
            checkedCount++;
        }
        Assert.True(checkedCount >= 10, $"Only {checkedCount} project endpoints were checked.");

        // The same member does reach their own project, so the 404s above are about membership, not broken routes.
        using var own = await client.GetAsync($"/api/projects/{mine.Id}", Ct);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var list = await client.GetFromJsonAsync<List<ProjectSummary>>("/api/projects", AnnotateJson.Options, Ct);
        Assert.DoesNotContain(list!, p => p.Id == theirs.Id);
        Assert.Contains(list!, p => p.Id == mine.Id);
    }

    [Fact]
    public async Task ANonAdminCannotReachAdminPagesOrEndpoints()
    {
        factory.SkipWhenUnavailable();
        var user = await factory.CreateUserAsync();
        var client = await factory.SignInAsync(user);
        var adminEndpoints = AppEndpoints().Where(e => Pattern(e).StartsWith("/admin", StringComparison.OrdinalIgnoreCase)
            || Pattern(e).StartsWith("/api/admin", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(adminEndpoints);
        foreach (var endpoint in adminEndpoints)
        {
            using var response = await client.SendAsync(Request(endpoint, 1), Ct);
            var pattern = Pattern(endpoint);
            if (IsMachineEndpoint(pattern))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{pattern} answered {(int)response.StatusCode}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Contains("/Account/AccessDenied", response.Headers.Location?.ToString() ?? "");
            }
        }
    }
}

public sealed class SqliteAuthorizationTests(SqliteWebFactory factory) : AuthorizationTests<SqliteWebFactory>(factory);

public sealed class PostgresAuthorizationTests(PostgresWebFactory factory) : AuthorizationTests<PostgresWebFactory>(factory);
