using Annotate.Core.Projects;
using Annotate.Web.Features.Imports.Sql;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Components;

public class SqlSourcePanelTests : ComponentTestContext
{
    private async Task<int> ManagedProjectAsync()
    {
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Warehouse", (manager, ProjectRoles.Manager));
        SignIn(manager);
        return project.Id;
    }

    [Fact]
    public async Task WithoutConfiguredConnectionsItTellsTheAdminWhatToSet()
    {
        var projectId = await ManagedProjectAsync();

        var cut = Render<SqlSourcePanel>(p => p.Add(x => x.ProjectId, projectId));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=sql-not-configured]")));
        var alert = cut.Find("[data-testid=sql-not-configured]").TextContent;
        Assert.Contains("Annotate:SqlConnections", alert);
        Assert.Contains("\"SQL sources\" in the README", alert);
        Assert.Empty(cut.FindAll("[data-testid=sql-query]"));
        Assert.Empty(cut.FindAll("[data-testid=sql-preview]"));
    }

    [Fact]
    public async Task APreviewShowsTheQuerysRowsInTheMappingForm()
    {
        var path = Path.Combine(Store.Folder, "notes.db");
        await using (var source = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await source.OpenAsync(Ct);
            await using var create = source.CreateCommand();
            create.CommandText = "CREATE TABLE notes (id INTEGER, body TEXT); INSERT INTO notes VALUES (1, 'first <b>note</b>'), (2, 'second note')";
            await create.ExecuteNonQueryAsync(Ct);
        }
        Services.Configure<SqlConnectionsOptions>(o => o["notes"] = new SqlConnectionOptions { Provider = "Sqlite", ConnectionString = $"Data Source={path}" });
        var projectId = await ManagedProjectAsync();

        var cut = Render<SqlSourcePanel>(p => p.Add(x => x.ProjectId, projectId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("textarea[data-testid=sql-query]")));
        // The only connection is chosen already; the connection string is never shown.
        Assert.DoesNotContain(path, cut.Markup);
        await cut.Find("textarea[data-testid=sql-query]").InputAsync(new() { Value = "SELECT id, body FROM notes ORDER BY id" });
        await cut.Find("[data-testid=sql-preview]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=preview-table]")));
        var cells = cut.FindAll("[data-testid=preview-table] td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["1", "first <b>note</b>", "2", "second note"], cells);
        Assert.Contains("notes · SQL", cut.Markup);
        Assert.NotNull(cut.Find("[data-testid=start-import]"));
    }

    [Fact]
    public async Task ARefusedQueryShowsTheReasonAndKeepsTheQuery()
    {
        var path = Path.Combine(Store.Folder, "empty.db");
        Services.Configure<SqlConnectionsOptions>(o => o["notes"] = new SqlConnectionOptions { Provider = "Sqlite", ConnectionString = $"Data Source={path}" });
        var projectId = await ManagedProjectAsync();

        var cut = Render<SqlSourcePanel>(p => p.Add(x => x.ProjectId, projectId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("textarea[data-testid=sql-query]")));
        await cut.Find("textarea[data-testid=sql-query]").InputAsync(new() { Value = "DELETE FROM notes" });
        await cut.Find("[data-testid=sql-preview]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("starts with DELETE", cut.Find("[data-testid=sql-error]").TextContent));
        Assert.Equal("DELETE FROM notes", cut.Find("textarea[data-testid=sql-query]").GetAttribute("value"));
        Assert.False(File.Exists(path));
    }
}
