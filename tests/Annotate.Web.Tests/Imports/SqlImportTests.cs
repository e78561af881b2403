using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Annotate.Core.Ingest;
using Annotate.Core.Jobs;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Imports.Sql;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Annotate.Web.Tests.Imports;

/// <summary>
/// Imports from SQL queries through the HTTP API, with the app on either store and the query on an SQLite file or a
/// PostgreSQL database the test made: mapping, row numbers, bad rows, read-only connections, clear errors.
/// </summary>
public abstract class SqlImportTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : SqlSourceWebFactory
{
    private const string AllColumns = "SELECT id, text, label, created, author, note FROM comments ORDER BY id";
    private const string WithBlankRow7 = "SELECT id, CASE WHEN id = 7 THEN '' ELSE text END AS text FROM comments ORDER BY id";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqlSourceDatabases Sources => factory.Sources;

    /// <summary>Skips when the app's store or the named source needs a PostgreSQL server and none is configured.</summary>
    private void SkipWhenUnavailable(string connection)
    {
        factory.SkipWhenUnavailable();
        if (connection is SqlSourceDatabases.Postgres or SqlSourceDatabases.SlowPostgres && !Sources.HasPostgres)
        {
            Assert.Skip(TestStore.MissingPostgresMessage);
        }
    }

    private static DatabaseProvider ProviderOf(string connection) =>
        connection is SqlSourceDatabases.Postgres or SqlSourceDatabases.SlowPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    private async Task<(HttpClient Client, int ProjectId)> ProjectAsync()
    {
        var client = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var created = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest($"SQL {Guid.NewGuid():N}", null), Ct);
        var project = (await created.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!;
        return (client, project.Id);
    }

    private static Task<HttpResponseMessage> PostPreviewAsync(HttpClient client, int projectId, SqlSourceRequest request) =>
        client.PostAsJsonAsync($"/api/projects/{projectId}/sql/preview", request, AnnotateJson.Options, Ct);

    private static async Task<RecordPreview> PreviewAsync(HttpClient client, int projectId, SqlSourceRequest request)
    {
        using var response = await PostPreviewAsync(client, projectId, request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<RecordPreview>(AnnotateJson.Options, Ct))!;
    }

    private static async Task<JobDto> ImportAsync(HttpClient client, int projectId, SqlImportRequest request)
    {
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/sql/imports", request, AnnotateJson.Options, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        var job = (await response.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        return await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.IsFinal, "the import to finish", TimeSpan.FromSeconds(60));
    }

    /// <summary>The one message a 400 gives for <paramref name="field"/>.</summary>
    private static async Task<string> ErrorAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var problem = JsonSerializer.Deserialize<ValidationProblemDetails>(body, AnnotateJson.Options)!;
        Assert.True(problem.Errors.ContainsKey(field), body);
        return Assert.Single(problem.Errors[field]);
    }

    private async Task<int> CountItemsAsync(int projectId)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        return await db.Items.CountAsync(i => i.ProjectId == projectId, Ct);
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite)]
    [InlineData(SqlSourceDatabases.Postgres)]
    public async Task AQueryImportsAsItemsWithRowNumbersMetadataAndTimestamps(string connection)
    {
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        var preview = await PreviewAsync(client, projectId, new SqlSourceRequest(connection, AllColumns, "all comments"));
        Assert.Equal(["id", "text", "label", "created", "author", "note"], preview.Columns);
        Assert.Equal(20, preview.Rows.Count);
        Assert.Empty(preview.Problems);
        Assert.Equal("3", preview.Rows[2]["id"]);
        Assert.Null(preview.Rows[3]["note"]);
        var suggested = preview.Suggested;
        Assert.Equal(("text", "id", "label", "author", "created"),
            (suggested.TextField, suggested.IdField, suggested.LabelField, suggested.GroupField, suggested.TimestampField));
        Assert.Equal(["note"], suggested.MetadataFields!);

        var job = await ImportAsync(client, projectId, new SqlImportRequest(connection, AllColumns, suggested, Name: "all comments"));
        Assert.True(job.Status == JobStatus.Succeeded, job.Error ?? job.Message);
        Assert.StartsWith($"Imported {SqlSourceDatabases.Rows} of {SqlSourceDatabases.Rows} rows", job.Message);

        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var items = await db.Items.AsNoTracking().Where(i => i.ProjectId == projectId).OrderBy(i => i.SourceRow).ToListAsync(Ct);
        Assert.Equal(SqlSourceDatabases.Rows, items.Count);
        for (var id = 1; id <= SqlSourceDatabases.Rows; id++)
        {
            var item = items[id - 1];
            Assert.Equal("sql", item.SourceKind);
            Assert.Equal($"{connection}: all comments", item.SourceName);
            Assert.Equal(id, item.SourceRow);
            Assert.Equal(id.ToString(), item.ExternalId);
            Assert.Equal(SqlSourceDatabases.TextOf(id), item.Text);
            Assert.Equal(SqlSourceDatabases.LabelOf(id), item.SourceLabel);
            Assert.Equal(SqlSourceDatabases.AuthorOf(id), item.GroupKey);
            Assert.Equal(SqlSourceDatabases.CreatedOf(id), item.Timestamp);
            Assert.Equal(JsonSerializer.Serialize(new Dictionary<string, string?> { ["note"] = SqlSourceDatabases.NoteOf(id) }), item.MetadataJson);
        }
    }

    [Fact]
    public async Task ManagersSeeConnectionNamesButNeverConnectionStrings()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        using var response = await client.GetAsync($"/api/projects/{projectId}/sql/connections", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var connections = JsonSerializer.Deserialize<List<SqlConnectionDto>>(body, AnnotateJson.Options)!;
        Assert.Contains(new SqlConnectionDto(SqlSourceDatabases.Sqlite, "SQLite"), connections);
        Assert.Equal(connections.Select(c => c.Name).Order(StringComparer.OrdinalIgnoreCase), connections.Select(c => c.Name));
        Assert.Equal(Sources.HasPostgres, connections.Contains(new SqlConnectionDto(SqlSourceDatabases.Postgres, "PostgreSQL")));
        Assert.DoesNotContain("source.db", body);
        Assert.DoesNotContain("Data Source", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Host=", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite)]
    [InlineData(SqlSourceDatabases.Postgres)]
    public async Task ARowWithEmptyTextRejectsTheWholeQueryAndNamesTheRow(string connection)
    {
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        var job = await ImportAsync(client, projectId, new SqlImportRequest(connection, WithBlankRow7, new FieldMapping("text", "id"), Name: "blank seven"));

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("Query 'blank seven' has 1 bad row(s), so nothing was imported", job.Error);
        Assert.Contains("Row 7, field 'text': the text is empty", job.Error);
        Assert.Equal(0, await CountItemsAsync(projectId));
    }

    [Fact]
    public async Task SkippingBadRowsImportsTheRestAndReportsTheSkippedRowWithItsQuery()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var job = await ImportAsync(client, projectId,
            new SqlImportRequest(SqlSourceDatabases.Sqlite, WithBlankRow7, new FieldMapping("text", "id"), BadRowPolicy.SkipBadRows, "blank seven"));

        Assert.True(job.Status == JobStatus.Succeeded, job.Error);
        Assert.Equal(SqlSourceDatabases.Rows - 1, await CountItemsAsync(projectId));
        var report = await client.GetStringAsync($"/api/projects/{projectId}/jobs/{job.Id}/report", Ct);
        Assert.Equal($"source,row,field,reason\n{SqlSourceDatabases.Sqlite}: blank seven,7,text,the text is empty\n", report);
    }

    [Fact]
    public async Task WithoutANameItemsAreNamedByTheConnectionAndTheStartOfTheQuery()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var query = "SELECT text,\n       id\nFROM comments\nWHERE id <= 3\nORDER BY id   -- the first three, with a long comment after them";
        var job = await ImportAsync(client, projectId, new SqlImportRequest(SqlSourceDatabases.Sqlite, query, new FieldMapping("text", "id")));

        Assert.True(job.Status == JobStatus.Succeeded, job.Error);
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var names = await db.Items.Where(i => i.ProjectId == projectId).Select(i => i.SourceName).Distinct().ToListAsync(Ct);
        Assert.Equal($"{SqlSourceDatabases.Sqlite}: SELECT text, id FROM comments WHERE id <= 3 ORDER BY id -- t…", Assert.Single(names));
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite, "DELETE FROM comments", "starts with DELETE")]
    [InlineData(SqlSourceDatabases.Sqlite, "DROP TABLE comments", "starts with DROP")]
    [InlineData(SqlSourceDatabases.Sqlite, "INSERT INTO comments (id, text) VALUES (999, 'planted') RETURNING id", "starts with INSERT")]
    [InlineData(SqlSourceDatabases.Sqlite, "ATTACH DATABASE 'planted.db' AS planted", "starts with ATTACH")]
    [InlineData(SqlSourceDatabases.Sqlite, "PRAGMA query_only = OFF", "starts with PRAGMA")]
    [InlineData(SqlSourceDatabases.Sqlite, "SELECT 1 AS text; DELETE FROM comments", "more than one statement")]
    [InlineData(SqlSourceDatabases.Postgres, "DELETE FROM comments", "starts with DELETE")]
    [InlineData(SqlSourceDatabases.Postgres, "CREATE TABLE planted (x int)", "starts with CREATE")]
    [InlineData(SqlSourceDatabases.Postgres, "COPY comments TO '/tmp/planted.csv'", "starts with COPY")]
    [InlineData(SqlSourceDatabases.Postgres, "SELECT 1 AS text; DROP TABLE comments", "more than one statement")]
    public async Task StatementsThatAreNotOneQueryAreRefusedBeforeTheyRun(string connection, string query, string message)
    {
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        using (var preview = await PostPreviewAsync(client, projectId, new SqlSourceRequest(connection, query)))
        {
            Assert.Contains(message, await ErrorAsync(preview, "Query"));
        }
        using (var import = await client.PostAsJsonAsync($"/api/projects/{projectId}/sql/imports",
            new SqlImportRequest(connection, query, new FieldMapping("text")), AnnotateJson.Options, Ct))
        {
            Assert.Contains(message, await ErrorAsync(import, "Query"));
        }
        Assert.Equal(SqlSourceDatabases.ExpectedFingerprint, await Sources.FingerprintAsync(ProviderOf(connection)));
        Assert.Equal(["source.db"], Directory.GetFiles(Sources.Folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite, "WITH x AS (SELECT 1) DELETE FROM comments", "readonly database")]
    [InlineData(SqlSourceDatabases.Sqlite, "WITH x AS (SELECT 1) INSERT INTO comments (id, text) VALUES (999, 'planted') RETURNING id AS text", "readonly database")]
    [InlineData(SqlSourceDatabases.Sqlite, "WITH x AS (SELECT 1) UPDATE comments SET text = 'changed' RETURNING text", "readonly database")]
    [InlineData(SqlSourceDatabases.Postgres, "SELECT add_comment('planted') AS text", "cannot execute INSERT in a read-only transaction")]
    [InlineData(SqlSourceDatabases.Postgres, "WITH gone AS (DELETE FROM comments RETURNING text) SELECT text FROM gone", "must not contain data-modifying statements")]
    [InlineData(SqlSourceDatabases.Postgres, "WITH added AS (INSERT INTO comments (id, text) VALUES (999, 'planted') RETURNING text) SELECT text FROM added", "must not contain data-modifying statements")]
    [InlineData(SqlSourceDatabases.Postgres, "SELECT text FROM comments FOR UPDATE", "read-only transaction")]
    [InlineData(SqlSourceDatabases.Postgres, "SELECT set_config('transaction_read_only', 'off', true) AS text", "transaction read-write mode must be set before any query")]
    public async Task WritesHiddenInAQueryAreRefusedByTheDatabaseAndTheTableIsUnchanged(string connection, string query, string databaseMessage)
    {
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        using (var preview = await PostPreviewAsync(client, projectId, new SqlSourceRequest(connection, query)))
        {
            var error = await ErrorAsync(preview, "Query");
            Assert.StartsWith($"Connection '{connection}': ", error);
            Assert.Contains(databaseMessage, error);
        }
        var request = new SqlImportRequest(connection, query, new FieldMapping("text"), Name: "sneaky");
        if (ProviderOf(connection) == DatabaseProvider.Sqlite)
        {
            // SQLite tells, when it prepares the statement to check the mapping, that it would write.
            using var start = await client.PostAsJsonAsync($"/api/projects/{projectId}/sql/imports", request, AnnotateJson.Options, Ct);
            Assert.Equal($"Connection '{connection}': SQLite says the query writes to the database. An SQL source is read-only: it runs one SELECT, " +
                "and the database refuses any write.", await ErrorAsync(start, "Query"));
        }
        else
        {
            // PostgreSQL only describes it at the start; the job runs it, the database refuses, nothing is imported.
            var job = await ImportAsync(client, projectId, request);
            Assert.Equal(JobStatus.Failed, job.Status);
            Assert.Contains($"Query 'sneaky': Connection '{connection}': ", job.Error);
            Assert.Contains(databaseMessage, job.Error);
        }
        Assert.Equal(0, await CountItemsAsync(projectId));
        Assert.Equal(SqlSourceDatabases.ExpectedFingerprint, await Sources.FingerprintAsync(ProviderOf(connection)));
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite, "DELETE FROM comments", "attempt to write a readonly database")]
    [InlineData(SqlSourceDatabases.Sqlite, "DROP TABLE comments", "attempt to write a readonly database")]
    [InlineData(SqlSourceDatabases.Sqlite, "INSERT INTO comments (id, text) VALUES (999, 'planted')", "attempt to write a readonly database")]
    [InlineData(SqlSourceDatabases.Sqlite, "PRAGMA user_version = 7", "attempt to write a readonly database")]
    [InlineData(SqlSourceDatabases.Sqlite, "ATTACH DATABASE '{folder}/planted.db' AS planted", "too many attached databases")]
    [InlineData(SqlSourceDatabases.Sqlite, "VACUUM INTO '{folder}/copy.db'", "too many attached databases")]
    // PostgreSQL reads through a cursor, which takes only a query; what a query calls is stopped by the read-only transaction.
    [InlineData(SqlSourceDatabases.Postgres, "DELETE FROM comments", "syntax error at or near \"DELETE\" (SQLSTATE 42601, at character 1)")]
    [InlineData(SqlSourceDatabases.Postgres, "CREATE TABLE planted (x int)", "syntax error at or near \"CREATE\"")]
    [InlineData(SqlSourceDatabases.Postgres, "SELECT add_comment('planted')", "cannot execute INSERT in a read-only transaction")]
    [InlineData(SqlSourceDatabases.Postgres, "SELECT nextval('tickets')", "cannot execute nextval() in a read-only transaction")]
    public async Task TheConnectionItselfRefusesWritesThatGetPastTheTextChecks(string connection, string statement, string message)
    {
        // The text checks are a convenience: open the source directly to show that the database is the guard.
        SkipWhenUnavailable(connection);
        var settings = factory.Services.GetRequiredService<IOptions<SqlConnectionsOptions>>().Value[connection];
        var sql = statement.Replace("{folder}", Sources.Folder);
        var failure = await Assert.ThrowsAsync<IngestException>(() =>
            SqlImportSource.OpenAsync(connection, settings, sql, "test", SqlReadMode.Import, Ct));

        Assert.Contains(message, failure.Message);
        Assert.StartsWith($"Connection '{connection}': ", failure.Message);
        Assert.Equal(SqlSourceDatabases.ExpectedFingerprint, await Sources.FingerprintAsync(ProviderOf(connection)));
        Assert.Equal(["source.db"], Directory.GetFiles(Sources.Folder).Select(Path.GetFileName));
        if (ProviderOf(connection) == DatabaseProvider.Postgres)
        {
            Assert.Equal(0, await CountTablesAsync("planted"));
        }
    }

    private async Task<long> CountTablesAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Sources.PostgresConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task AnUnknownConnectionIsRefusedNamingTheField()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        using var preview = await PostPreviewAsync(client, projectId, new SqlSourceRequest("nope", "SELECT 1 AS text"));
        var error = await ErrorAsync(preview, "Connection");
        Assert.Contains("no SQL connection named 'nope'", error);
        Assert.Contains(SqlSourceDatabases.Sqlite, error);

        using var import = await client.PostAsJsonAsync($"/api/projects/{projectId}/sql/imports",
            new SqlImportRequest("nope", "SELECT 1 AS text", new FieldMapping("text")), AnnotateJson.Options, Ct);
        Assert.Contains("no SQL connection named 'nope'", await ErrorAsync(import, "Connection"));
    }

    [Fact]
    public async Task ADatabaseThatCannotBeOpenedIsNamedAndNeverCreated()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        using var preview = await PostPreviewAsync(client, projectId, new SqlSourceRequest(SqlSourceDatabases.Missing, "SELECT 1 AS text"));
        Assert.Equal($"Connection '{SqlSourceDatabases.Missing}': SQLite Error 14: 'unable to open database file'.", await ErrorAsync(preview, "Connection"));
        Assert.Equal(["source.db"], Directory.GetFiles(Sources.Folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite, "SQLite Error 1: 'near \"FROM\": syntax error'")]
    [InlineData(SqlSourceDatabases.Postgres, "syntax error at or near \"FROM\" (SQLSTATE 42601, at character 14)")]
    public async Task ASyntaxErrorIsRefusedWithTheDatabasesOwnMessage(string connection, string databaseMessage)
    {
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        using var preview = await PostPreviewAsync(client, projectId, new SqlSourceRequest(connection, "SELECT text, FROM comments"));
        var error = await ErrorAsync(preview, "Query");
        Assert.StartsWith($"Connection '{connection}': ", error);
        Assert.Contains(databaseMessage, error);

        using var import = await client.PostAsJsonAsync($"/api/projects/{projectId}/sql/imports",
            new SqlImportRequest(connection, "SELECT text, FROM comments", new FieldMapping("text")), AnnotateJson.Options, Ct);
        Assert.Contains(databaseMessage, await ErrorAsync(import, "Query"));
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite)]
    [InlineData(SqlSourceDatabases.Postgres)]
    public async Task AMappedColumnTheQueryDoesNotReturnIsNamedBeforeTheImportStarts(string connection)
    {
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        using var import = await client.PostAsJsonAsync($"/api/projects/{projectId}/sql/imports",
            new SqlImportRequest(connection, "SELECT id, text FROM comments", new FieldMapping("text", LabelField: "label")), AnnotateJson.Options, Ct);
        Assert.Contains("no field 'label'", await ErrorAsync(import, "LabelField"));
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite, "SELECT c.id, c.text, d.id FROM comments c JOIN comments d ON d.id = c.id")]
    [InlineData(SqlSourceDatabases.Postgres, "SELECT c.id, c.text, d.id FROM comments c JOIN comments d ON d.id = c.id")]
    public async Task TwoColumnsOfOneNameAreRefused(string connection, string query)
    {
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        using var preview = await PostPreviewAsync(client, projectId, new SqlSourceRequest(connection, query));
        Assert.Contains("two columns named 'id' (columns 1 and 3)", await ErrorAsync(preview, "Query"));
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite, "SELECT id, text, X'DEADBEEF' AS photo FROM comments ORDER BY id")]
    [InlineData(SqlSourceDatabases.Postgres, "SELECT id, text, '\\xdeadbeef'::bytea AS photo FROM comments ORDER BY id")]
    public async Task BinaryValuesAreRowProblemsNamingTheColumn(string connection, string query)
    {
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        var preview = await PreviewAsync(client, projectId, new SqlSourceRequest(connection, query));
        Assert.Equal(["id", "text", "photo"], preview.Columns);
        Assert.Equal(20, preview.Problems.Count);
        Assert.StartsWith($"{connection}: SELECT id, text, ", preview.Problems[0]);
        Assert.EndsWith("Row 1, field 'photo': is binary data (4 bytes), not text; leave the column out of the query, or turn it into text there " +
            "(e.g. hex(col) in SQLite, encode(col, 'base64') in PostgreSQL)", preview.Problems[0]);
    }

    [Fact]
    public async Task APostgresValueWithoutATextFormIsARowProblem()
    {
        SkipWhenUnavailable(SqlSourceDatabases.Postgres);
        var (client, projectId) = await ProjectAsync();
        var preview = await PreviewAsync(client, projectId, new SqlSourceRequest(SqlSourceDatabases.Postgres,
            "SELECT id, text, CASE WHEN id = 2 THEN 'NaN'::numeric ELSE id END AS score FROM comments WHERE id <= 3 ORDER BY id"));
        Assert.Equal(2, preview.Rows.Count);
        Assert.Equal("3", preview.Rows[1]["score"]);
        var problem = Assert.Single(preview.Problems);
        Assert.Contains("Row 2, field 'score': the numeric value cannot be read", problem);
        Assert.Contains("cast the column to text in the query", problem);
    }

    [Fact]
    public async Task AQueryReturningMoreRowsThanTheConnectionAllowsImportsNothing()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var job = await ImportAsync(client, projectId, new SqlImportRequest(SqlSourceDatabases.Capped, AllColumns, new FieldMapping("text", "id")));

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"Connection '{SqlSourceDatabases.Capped}': the query returns more than {SqlSourceDatabases.CappedRows} rows", job.Error);
        Assert.Contains("MaxRows", job.Error);
        Assert.Equal(0, await CountItemsAsync(projectId));
    }

    [Theory]
    [InlineData(SqlSourceDatabases.SlowSqlite, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) AS text FROM n")]
    [InlineData(SqlSourceDatabases.SlowPostgres, "SELECT pg_sleep(30)::text AS text")]
    public async Task AQueryThatTakesLongerThanTheTimeoutIsStopped(string connection, string query)
    {
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var preview = await PostPreviewAsync(client, projectId, new SqlSourceRequest(connection, query));
        var error = await ErrorAsync(preview, "Query");
        Assert.Equal($"Connection '{connection}': the database took longer than 1 s to return its first row (CommandTimeoutSeconds), so the query was stopped.", error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"The query ran for {clock.Elapsed}.");

        // Starting the import only prepares the query (to check the mapping); the job runs it and stops it the same way.
        var job = await ImportAsync(client, projectId, new SqlImportRequest(connection, query, new FieldMapping("text"), Name: "slow"));
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal($"Query 'slow': {error} Nothing was imported.", job.Error);
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite)]
    [InlineData(SqlSourceDatabases.Postgres)]
    public async Task APreviewOfAHugeResultStopsTheQueryAfterItsFirstRows(string connection)
    {
        // 50⁵ = 312 million rows, produced one by one (no sort or materialisation before the first).
        const string query = "SELECT a.text, b.id FROM comments a, comments b, comments c, comments d, comments e";
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var preview = await PreviewAsync(client, projectId, new SqlSourceRequest(connection, query));
        Assert.Equal(20, preview.Rows.Count);
        // Reading the other 312 million rows (or waiting for the server's timeout) would take far longer.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"The preview took {clock.Elapsed}.");
    }

    [Theory]
    [InlineData(SqlSourceDatabases.Sqlite)]
    [InlineData(SqlSourceDatabases.Postgres)]
    public async Task ACancelledImportStopsTheQueryAndImportsNothing(string connection)
    {
        // 50⁴ = 6.25 million rows: far more than are imported before the cancel arrives.
        const string query = "SELECT a.text || ' ' || b.id || ' ' || c.id || ' ' || d.id AS text FROM comments a, comments b, comments c, comments d";
        SkipWhenUnavailable(connection);
        var (client, projectId) = await ProjectAsync();
        using var start = await client.PostAsJsonAsync($"/api/projects/{projectId}/sql/imports",
            new SqlImportRequest(connection, query, new FieldMapping("text")), AnnotateJson.Options, Ct);
        var job = (await start.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        async Task<JobDto> JobAsync() => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!;
        await Eventually.ReturnsAsync(JobAsync, j => j.Status != JobStatus.Queued, "the import to start");
        using (await client.PostAsync($"/api/projects/{projectId}/jobs/{job.Id}/cancel", null, Ct))
        {
        }
        var done = await Eventually.ReturnsAsync(JobAsync, j => j.IsFinal, "the import to stop", TimeSpan.FromSeconds(30));

        Assert.Equal(JobStatus.Cancelled, done.Status);
        Assert.Equal(0, await CountItemsAsync(projectId));
    }

    [Fact]
    public async Task NonMembersGet404AndAnnotatorsGet403()
    {
        factory.SkipWhenUnavailable();
        var (admin, projectId) = await ProjectAsync();
        var annotator = await factory.CreateUserAsync();
        using (var add = await admin.PutAsJsonAsync($"/api/projects/{projectId}/members",
            new SetMemberRequest(annotator.Email!, ProjectRoles.Annotator), AnnotateJson.Options, Ct))
        {
            add.EnsureSuccessStatusCode();
        }
        var stranger = await factory.SignInAsync(await factory.CreateUserAsync());
        var member = await factory.SignInAsync(annotator);
        var source = new SqlSourceRequest(SqlSourceDatabases.Sqlite, AllColumns);
        var import = new SqlImportRequest(SqlSourceDatabases.Sqlite, AllColumns, new FieldMapping("text"));
        foreach (var (client, expected) in new[] { (stranger, HttpStatusCode.NotFound), (member, HttpStatusCode.Forbidden) })
        {
            using var list = await client.GetAsync($"/api/projects/{projectId}/sql/connections", Ct);
            using var preview = await client.PostAsJsonAsync($"/api/projects/{projectId}/sql/preview", source, AnnotateJson.Options, Ct);
            using var start = await client.PostAsJsonAsync($"/api/projects/{projectId}/sql/imports", import, AnnotateJson.Options, Ct);
            Assert.Equal((expected, expected, expected), (list.StatusCode, preview.StatusCode, start.StatusCode));
            Assert.DoesNotContain(SqlSourceDatabases.TextOf(1), await preview.Content.ReadAsStringAsync(Ct));
            Assert.DoesNotContain(SqlSourceDatabases.Sqlite, await list.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(0, await CountItemsAsync(projectId));
    }
}

public sealed class SqliteSqlImportTests(SqliteSqlSourceWebFactory factory) : SqlImportTests<SqliteSqlSourceWebFactory>(factory);

public sealed class PostgresSqlImportTests(PostgresSqlSourceWebFactory factory) : SqlImportTests<PostgresSqlSourceWebFactory>(factory);
