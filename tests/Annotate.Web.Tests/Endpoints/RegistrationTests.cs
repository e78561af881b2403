using System.Net;
using System.Text.RegularExpressions;
using Annotate.Data.Entities;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Endpoints;

/// <summary>The first-run story: the first account registered becomes Admin, then registration closes. Each test gets an empty instance.</summary>
public abstract partial class RegistrationTests<TFactory>
    where TFactory : AnnotateWebFactory, new()
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<TFactory> EmptyInstanceAsync()
    {
        var factory = new TFactory();
        await factory.InitializeAsync();
        factory.SkipWhenUnavailable();
        return factory;
    }

    private static async Task<(HttpStatusCode Status, string Body, string? Location)> RegisterAsync(HttpClient client, string email, string password)
    {
        using var form = await client.GetAsync("/Account/Register", Ct);
        var html = await form.Content.ReadAsStringAsync(Ct);
        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            return (form.StatusCode, html, null);
        }
        using var response = await client.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = token.Groups[1].Value,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task AWeakPasswordIsRejectedWithTheRuleItBreaks()
    {
        await using var factory = await EmptyInstanceAsync();
        var (status, body, _) = await RegisterAsync(factory.CreateAnonymousClient(), "weak@example.test", "abc");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Passwords must be at least 8 characters", WebUtility.HtmlDecode(body));
        Assert.DoesNotContain("Exception", body);
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        Assert.False(await db.Users.AnyAsync(Ct));
    }

    [Fact]
    public async Task TheFirstAccountBecomesAdminAndThenRegistrationCloses()
    {
        await using var factory = await EmptyInstanceAsync();
        var (status, _, location) = await RegisterAsync(factory.CreateAnonymousClient(), "first@example.test", AnnotateWebFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.EndsWith("projects", location);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var first = await users.FindByEmailAsync("first@example.test");
            Assert.True(await users.IsInRoleAsync(first!, Caller.AdminRole));
        }

        var (secondStatus, secondBody, _) = await RegisterAsync(factory.CreateAnonymousClient(), "second@example.test", AnnotateWebFactory.Password);
        Assert.Equal(HttpStatusCode.OK, secondStatus);
        Assert.Contains("registration-closed", secondBody);
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        Assert.False(await db.Users.AnyAsync(u => u.Email == "second@example.test", Ct));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

public sealed class SqliteRegistrationTests : RegistrationTests<SqliteWebFactory>;

public sealed class PostgresRegistrationTests : RegistrationTests<PostgresWebFactory>;
