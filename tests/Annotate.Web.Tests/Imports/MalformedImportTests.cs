using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Annotate.Core.Jobs;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Tests.Imports;

/// <summary>
/// Malformed files through the whole import path: each gets a clear message naming the row or the problem, and the
/// store is unchanged afterwards (counted). The reader-level corpus (46 cases) is in Annotate.Core.Tests.
/// </summary>
public abstract class MalformedImportTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> Files => new()
    {
        { "ragged.csv", "id,text\n1,fine\n2,too,many\n", "Row 2" },
        { "unclosed.csv", "id,text\n1,\"never closed\n2,next\n", "quote" },
        { "stray-quote.csv", "id,text\n1,he said \"hi\" loudly\n", "Row 1" },
        { "lines.jsonl", "{\"id\":1,\"text\":\"ok\"}\n{\"id\":2,\"text\":\n", "Row 2" },
        { "not-object.jsonl", "{\"id\":1,\"text\":\"ok\"}\n[1,2]\n", "Row 2" },
        { "broken.json", "[{\"id\":1,\"text\":\"ok\"},{\"id\":2,\"text\":}]", "item 2" },
        { "binary.csv", "id,text\n1,\0\0\0\0binary", "binary" },
        { "empty-text.csv", "id,text\n1,\n", "Row 1, field 'text': the text is empty" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ABadFileIsRejectedWithItsProblemAndTheStoreIsUnchanged(string fileName, string content, string expected)
    {
        factory.SkipWhenUnavailable();
        var client = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var created = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest($"Bad {Guid.NewGuid():N}", null), Ct);
        var project = (await created.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!;
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var before = await db.Items.CountAsync(Ct);

        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var uploaded = await client.PostAsync($"/api/projects/{project.Id}/uploads?fileName={fileName}", body, Ct);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var upload = (await uploaded.Content.ReadFromJsonAsync<UploadDto>(AnnotateJson.Options, Ct))!;

        // The problem is found either when the file is opened (a 400 naming it) or while importing (a failed job).
        using var start = await client.PostAsJsonAsync($"/api/projects/{project.Id}/imports",
            new FileImportRequest(upload.Id, new FieldMapping("text", "id")), AnnotateJson.Options, Ct);
        string message;
        if (start.StatusCode == HttpStatusCode.BadRequest)
        {
            message = await start.Content.ReadAsStringAsync(Ct);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            var job = (await start.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
            var done = await Eventually.ReturnsAsync(
                async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{project.Id}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
                j => j.IsFinal, "the import to finish");
            Assert.Equal(JobStatus.Failed, done.Status);
            message = done.Error!;
        }

        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", message);
        Assert.Equal(before, await db.Items.CountAsync(Ct));
    }

    [Fact]
    public async Task AnEmptyFileIsRefusedAtUpload()
    {
        factory.SkipWhenUnavailable();
        var client = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var created = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest($"Empty {Guid.NewGuid():N}", null), Ct);
        var project = (await created.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!;
        using var body = new ByteArrayContent([]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync($"/api/projects/{project.Id}/uploads?fileName=empty.csv", body, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("empty.csv is empty", await response.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class SqliteMalformedImportTests(SqliteWebFactory factory) : MalformedImportTests<SqliteWebFactory>(factory);

public sealed class PostgresMalformedImportTests(PostgresWebFactory factory) : MalformedImportTests<PostgresWebFactory>(factory);
