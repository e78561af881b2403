using Annotate.Data.Entities;
using Annotate.Web.Features.Admin;
using Microsoft.AspNetCore.Identity;

namespace Annotate.Web.Infrastructure;

/// <summary>
/// <c>dotnet run --project src/Annotate.Web -- create-admin --email you@example.com [--password …] [--name …]</c>:
/// creates an Admin account (or makes an existing account Admin) without starting the web server.
/// The password comes from --password, else the ANNOTATE_ADMIN_PASSWORD variable, else a prompt.
/// </summary>
public static class CreateAdminCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "create-admin";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var email = Option(args, "--email");
        if (string.IsNullOrWhiteSpace(email))
        {
            await error.WriteLineAsync("usage: create-admin --email you@example.com [--password PASSWORD] [--name \"Display Name\"]");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var existing = await users.FindByEmailAsync(email);
        try
        {
            var user = existing ?? await AdminService.CreateAccountAsync(users, email, Option(args, "--name"),
                Option(args, "--password") ?? Environment.GetEnvironmentVariable("ANNOTATE_ADMIN_PASSWORD") ?? Prompt("Password: "),
                TimeProvider.System);
            if (!await users.IsInRoleAsync(user, Caller.AdminRole))
            {
                await users.AddToRoleAsync(user, Caller.AdminRole);
            }
            await output.WriteLineAsync(existing is null ? $"Created Admin {user.Email}." : $"{user.Email} already existed and is now Admin.");
            return 0;
        }
        catch (InputException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string Prompt(string label)
    {
        Console.Write(label);
        if (Console.IsInputRedirected)
        {
            return Console.ReadLine() ?? "";
        }
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.WriteLine();
                return password.ToString();
            }
            if (key.Key == ConsoleKey.Backspace && password.Length > 0)
            {
                password.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
