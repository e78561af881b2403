using Annotate.Data.Entities;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Endpoints;

/// <summary>The documented <c>create-admin</c> command, run against the app's services.</summary>
public class CreateAdminCommandTests(SqliteWebFactory factory) : IClassFixture<SqliteWebFactory>
{
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CreateAdminCommand.RunAsync(factory.Services, ["create-admin", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private async Task<bool> IsAdminAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        return user is not null && await users.IsInRoleAsync(user, Caller.AdminRole);
    }

    [Fact]
    public async Task CreatesAnAdminWhoCanSignIn()
    {
        var email = $"boss-{Guid.NewGuid():N}@example.test";
        var (code, output, _) = await RunAsync("--email", email, "--password", AnnotateWebFactory.Password, "--name", "Boss");
        Assert.Equal(0, code);
        Assert.Contains("Created Admin", output);
        Assert.True(await IsAdminAsync(email));
        using var login = await factory.CreateAnonymousClient().PostAsync("/api/auth/login",
            System.Net.Http.Json.JsonContent.Create(new { email, password = AnnotateWebFactory.Password }), TestContext.Current.CancellationToken);
        Assert.True(login.IsSuccessStatusCode);
    }

    [Fact]
    public async Task MakesAnExistingAccountAdmin()
    {
        var user = await factory.CreateUserAsync();
        var (code, output, _) = await RunAsync("--email", user.Email!);
        Assert.Equal(0, code);
        Assert.Contains("now Admin", output);
        Assert.True(await IsAdminAsync(user.Email!));
    }

    [Fact]
    public async Task RejectsAWeakPasswordWithTheRule()
    {
        var email = $"weak-{Guid.NewGuid():N}@example.test";
        var (code, _, error) = await RunAsync("--email", email, "--password", "weak");
        Assert.Equal(2, code);
        Assert.Contains("at least 8 characters", error);
        Assert.False(await IsAdminAsync(email));
    }

    [Fact]
    public async Task WithoutAnEmailItPrintsUsage()
    {
        var (code, _, error) = await RunAsync();
        Assert.Equal(2, code);
        Assert.StartsWith("usage: create-admin --email", error);
    }
}
