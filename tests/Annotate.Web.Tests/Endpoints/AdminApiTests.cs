using System.Net;
using System.Net.Http.Json;
using Annotate.Web.Features.Admin;
using Annotate.Web.Features.Auth;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc;

namespace Annotate.Web.Tests.Endpoints;

public abstract class AdminApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAdminCreatesAnAccountThatCanSignIn()
    {
        factory.SkipWhenUnavailable();
        var admin = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        var email = $"new-{Guid.NewGuid():N}@example.test";
        using var created = await admin.PostAsJsonAsync("/api/admin/users", new CreateUserRequest(email, "New Person", "Str0ngPassword", false), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var login = await factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new LoginRequest(email, "Str0ngPassword"), Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var me = await login.Content.ReadFromJsonAsync<MeResponse>(Ct);
        Assert.Equal("New Person", me!.DisplayName);
        Assert.False(me.IsAdmin);
    }

    [Theory]
    [InlineData("short1A", "Password", "at least 8 characters")]
    [InlineData("alllowercase1", "Password", "uppercase")]
    [InlineData("not-an-email", "Email", "is not an e-mail address")]
    public async Task BadAccountDataIsRejectedByField(string passwordOrEmail, string field, string expected)
    {
        factory.SkipWhenUnavailable();
        var admin = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        var request = field == "Email"
            ? new CreateUserRequest(passwordOrEmail, null, "Str0ngPassword", false)
            : new CreateUserRequest($"u-{Guid.NewGuid():N}@example.test", null, passwordOrEmail, false);
        using var response = await admin.PostAsJsonAsync("/api/admin/users", request, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct);
        Assert.Contains(expected, Assert.Single(problem!.Errors[field]));
    }

    [Fact]
    public async Task ADuplicateEmailIsRejected()
    {
        factory.SkipWhenUnavailable();
        var existing = await factory.CreateUserAsync();
        var admin = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var response = await admin.PostAsJsonAsync("/api/admin/users", new CreateUserRequest(existing.Email!, null, "Str0ngPassword", false), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already exists", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ADisabledUserCannotSignInUntilEnabledAgain()
    {
        factory.SkipWhenUnavailable();
        var user = await factory.CreateUserAsync();
        var admin = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using (var disable = await admin.PostAsync($"/api/admin/users/{user.Id}/disable", null, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        }
        using (var refused = await factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new LoginRequest(user.Email!, AnnotateWebFactory.Password), Ct))
        {
            Assert.Equal(HttpStatusCode.Locked, refused.StatusCode);
            Assert.Contains("disabled", await refused.Content.ReadAsStringAsync(Ct));
        }
        using (var enable = await admin.PostAsync($"/api/admin/users/{user.Id}/enable", null, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, enable.StatusCode);
        }
        using var accepted = await factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new LoginRequest(user.Email!, AnnotateWebFactory.Password), Ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccount()
    {
        factory.SkipWhenUnavailable();
        var user = await factory.CreateUserAsync();
        var client = factory.CreateAnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new LoginRequest(user.Email!, "Wrong-password-1"), Ct);
            Assert.NotEqual(HttpStatusCode.OK, wrong.StatusCode);
        }
        using var right = await client.PostAsJsonAsync("/api/auth/login", new LoginRequest(user.Email!, AnnotateWebFactory.Password), Ct);
        Assert.Equal(HttpStatusCode.Locked, right.StatusCode);
    }

    [Fact]
    public async Task AnAdminCannotDisableThemselves()
    {
        factory.SkipWhenUnavailable();
        var me = await factory.CreateUserAsync(admin: true);
        var client = await factory.SignInAsync(me);
        using var response = await client.PostAsync($"/api/admin/users/{me.Id}/disable", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("your own account", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task TheUserListPagesAndSearches()
    {
        factory.SkipWhenUnavailable();
        var marker = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
        {
            await factory.CreateUserAsync($"{marker}-{i}@example.test");
        }
        var admin = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        var page = await admin.GetFromJsonAsync<PagedResult<UserRow>>($"/api/admin/users?search={marker}&pageSize=2&page=1", Ct);
        Assert.Equal(3, page!.TotalItems);
        Assert.Equal($"{marker}-2@example.test", Assert.Single(page.Items).Email);
    }
}

public sealed class SqliteAdminApiTests(SqliteWebFactory factory) : AdminApiTests<SqliteWebFactory>(factory);

public sealed class PostgresAdminApiTests(PostgresWebFactory factory) : AdminApiTests<PostgresWebFactory>(factory);
