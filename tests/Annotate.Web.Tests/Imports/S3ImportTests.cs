using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.S3;
using Annotate.Core.Jobs;
using Annotate.Core.Projects;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Parquet.Serialization;

namespace Annotate.Web.Tests.Imports;

/// <summary>
/// Imports from a real S3-compatible server (s3rver) through the HTTP API on both stores: mixed formats under a
/// prefix, objects left out and reported, bad rows, S3 errors as messages, and who may do it.
/// </summary>
public abstract class S3ImportTests<TFactory>(TFactory factory) : IClassFixture<TFactory>, IDisposable
    where TFactory : S3WebFactory
{
    private readonly Lazy<AmazonS3Client> s3 = new(TestS3.CreateClient);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonS3Client S3 => s3.Value;

    public void Dispose()
    {
        if (s3.IsValueCreated)
        {
            s3.Value.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    private void SkipWhenUnavailable()
    {
        factory.SkipWhenUnavailable();
        TestS3.SkipWhenUnavailable();
    }

    private async Task<(HttpClient Client, int ProjectId)> ProjectAsync()
    {
        var client = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var created = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest($"S3 {Guid.NewGuid():N}", null), Ct);
        var project = (await created.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!;
        return (client, project.Id);
    }

    private static async Task<S3PreviewDto> PreviewAsync(HttpClient client, int projectId, S3SourceRequest request)
    {
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/s3/preview", request, AnnotateJson.Options, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<S3PreviewDto>(AnnotateJson.Options, Ct))!;
    }

    private static async Task<JobDto> ImportAsync(HttpClient client, int projectId, S3ImportRequest request)
    {
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/s3/imports", request, AnnotateJson.Options, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        var job = (await response.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        Assert.Equal(S3ImportJob.JobKind, job.Kind);
        return await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.IsFinal, "the S3 import to finish", TimeSpan.FromSeconds(60));
    }

    /// <summary>The ProblemDetails of a 400, as (field → messages).</summary>
    private static async Task<Dictionary<string, string[]>> BadRequestAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private async Task<List<Annotate.Data.Entities.Item>> ItemsAsync(int projectId)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        return await db.Items.AsNoTracking().Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).ToListAsync(Ct);
    }

    private sealed class ParquetRow
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("text")]
        public string? Text { get; set; }

        [JsonPropertyName("label")]
        public string? Label { get; set; }
    }

    private static async Task<byte[]> ParquetAsync(params ParquetRow[] rows)
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, stream, cancellationToken: Ct);
        return stream.ToArray();
    }

    private static readonly FieldMapping Mapping = new("text", "id", "label");

    [Fact]
    public async Task CsvJsonlAndParquetObjectsUnderAPrefixImportWithTheirKeysAndRows()
    {
        SkipWhenUnavailable();
        var bucket = await TestS3.CreateBucketAsync(S3);
        await TestS3.PutAsync(S3, bucket, "batch/a.csv", "id,text,label\n1,first csv row,pos\n2,second csv row,neg\n3,third csv row,pos\n");
        await TestS3.PutAsync(S3, bucket, "batch/b.jsonl", "{\"id\":\"4\",\"text\":\"first json line\",\"label\":\"neg\"}\n{\"id\":\"5\",\"text\":\"second json line\",\"label\":\"pos\"}\n");
        await TestS3.PutAsync(S3, bucket, "batch/deeper/c.parquet", await ParquetAsync(
            new ParquetRow { Id = "6", Text = "first parquet row", Label = "pos" },
            new ParquetRow { Id = "7", Text = "second parquet row", Label = "neg" }));
        await TestS3.PutAsync(S3, bucket, "batch/notes.txt", "not data");
        await TestS3.PutAsync(S3, bucket, "batch/sheet.xlsx", "not data either");
        await TestS3.PutAsync(S3, bucket, "batch/deeper/", "");
        await TestS3.PutAsync(S3, bucket, "elsewhere/outside.csv", "id,text,label\n99,outside the prefix,pos\n");
        await TestS3.PutAsync(S3, bucket, "batch-older.csv", "id,text,label\n98,also outside,pos\n");
        var (client, projectId) = await ProjectAsync();

        var preview = await PreviewAsync(client, projectId, new S3SourceRequest("lake", bucket, "batch/"));
        Assert.Equal(3, preview.ObjectCount);
        Assert.Equal(["batch/a.csv", "batch/b.jsonl", "batch/deeper/c.parquet"], preview.Keys);
        Assert.Equal(["batch/notes.txt", "batch/sheet.xlsx"], preview.Unsupported);
        Assert.Equal(2, preview.UnsupportedCount);
        Assert.Equal(["id", "text", "label"], preview.Records.Columns);
        Assert.Equal(7, preview.Records.Rows.Count);
        Assert.Equal("text", preview.Records.Suggested.TextField);

        var job = await ImportAsync(client, projectId, new S3ImportRequest("lake", bucket, "batch/", Mapping));
        Assert.True(job.Status == JobStatus.Succeeded, job.Error ?? job.Message);
        Assert.Contains("Imported 7 of 7 rows", job.Message);
        Assert.Contains("from 3 object(s)", job.Message);
        Assert.Contains("2 object(s) left out because their type is not supported: batch/notes.txt, batch/sheet.xlsx", job.Message);

        var items = await ItemsAsync(projectId);
        Assert.Equal(
            [("batch/a.csv", 1L, "first csv row", "1", "pos"), ("batch/a.csv", 2L, "second csv row", "2", "neg"), ("batch/a.csv", 3L, "third csv row", "3", "pos"),
             ("batch/b.jsonl", 1L, "first json line", "4", "neg"), ("batch/b.jsonl", 2L, "second json line", "5", "pos"),
             ("batch/deeper/c.parquet", 1L, "first parquet row", "6", "pos"), ("batch/deeper/c.parquet", 2L, "second parquet row", "7", "neg")],
            items.Select(i => (i.SourceName, i.SourceRow, i.Text, i.ExternalId!, i.SourceLabel!)));
        Assert.All(items, i => Assert.Equal("s3", i.SourceKind));
        Assert.All(items, i => Assert.Equal(job.Id, i.ImportJobId));
    }

    [Fact]
    public async Task ABadRowInOneObjectRejectsEveryObjectAndNamesTheKey()
    {
        SkipWhenUnavailable();
        var bucket = await TestS3.CreateBucketAsync(S3);
        await TestS3.PutAsync(S3, bucket, "in/1-good.csv", "id,text,label\n1,fine,pos\n2,also fine,neg\n");
        await TestS3.PutAsync(S3, bucket, "in/2-bad.csv", "id,text,label\n3,fine,pos\n4,too,many,fields\n");
        var (client, projectId) = await ProjectAsync();
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var before = await db.Items.CountAsync(Ct);

        var job = await ImportAsync(client, projectId, new S3ImportRequest("lake", bucket, "in/", Mapping));

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"s3://{bucket}/in/ has 1 bad row(s), so nothing was imported", job.Error);
        Assert.Contains("in/2-bad.csv: Row 2", job.Error);
        Assert.Equal(before, await db.Items.CountAsync(Ct));
    }

    [Fact]
    public async Task SkippedBadRowsAreReportedWithTheirKeys()
    {
        SkipWhenUnavailable();
        var bucket = await TestS3.CreateBucketAsync(S3);
        await TestS3.PutAsync(S3, bucket, "in/1-good.csv", "id,text,label\n1,fine,pos\n2,also fine,neg\n");
        await TestS3.PutAsync(S3, bucket, "in/2-bad.jsonl", "{\"id\":\"3\",\"text\":\"fine\",\"label\":\"pos\"}\n{\"id\":\"4\",\"text\":\n{\"id\":\"5\",\"text\":\"\",\"label\":\"pos\"}\n");
        var (client, projectId) = await ProjectAsync();

        var job = await ImportAsync(client, projectId, new S3ImportRequest("lake", bucket, "in/", Mapping, BadRowPolicy.SkipBadRows));

        Assert.True(job.Status == JobStatus.Succeeded, job.Error ?? job.Message);
        Assert.Contains("skipped 2", job.Message);
        Assert.Equal(["fine", "also fine", "fine"], (await ItemsAsync(projectId)).Select(i => i.Text));
        var report = await client.GetStringAsync($"/api/projects/{projectId}/jobs/{job.Id}/report", Ct);
        Assert.Contains("in/2-bad.jsonl,2,", report);
        Assert.Contains("in/2-bad.jsonl,3,text,the text is empty", report);
    }

    [Fact]
    public async Task AnObjectWithoutAMappedFieldFailsTheImportNamingTheKey()
    {
        SkipWhenUnavailable();
        var bucket = await TestS3.CreateBucketAsync(S3);
        await TestS3.PutAsync(S3, bucket, "in/a.csv", "id,text,label\n1,fine,pos\n");
        await TestS3.PutAsync(S3, bucket, "in/b.csv", "id,body,label\n2,other shape,pos\n");
        var (client, projectId) = await ProjectAsync();

        var job = await ImportAsync(client, projectId, new S3ImportRequest("lake", bucket, "in/", Mapping));

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("in/b.csv has no field 'text', which the mapping uses", job.Error);
        Assert.Contains("Nothing was imported", job.Error);
        Assert.Empty(await ItemsAsync(projectId));
    }

    [Fact]
    public async Task AMappedFieldMissingFromTheFirstObjectIsA400()
    {
        SkipWhenUnavailable();
        var bucket = await TestS3.CreateBucketAsync(S3);
        await TestS3.PutAsync(S3, bucket, "in/a.csv", "id,text\n1,fine\n");
        var (client, projectId) = await ProjectAsync();

        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/s3/imports",
            new S3ImportRequest("lake", bucket, "in/", new FieldMapping("body")), AnnotateJson.Options, Ct);
        var errors = await BadRequestAsync(response);
        Assert.Contains("no field 'body'", errors["TextField"][0]);
    }

    [Fact]
    public async Task AnUnknownConnectionIsA400NamingTheField()
    {
        SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/s3/preview", new S3SourceRequest("nope", "bucket"), AnnotateJson.Options, Ct);
        var errors = await BadRequestAsync(response);
        Assert.Equal("There is no S3 connection named 'nope'. The configured ones are: lake, offline, wrongkeys.", Assert.Single(errors["Connection"]));
    }

    [Fact]
    public async Task AnUnknownBucketIsAClearError()
    {
        SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var missing = $"missing-{Guid.NewGuid():N}";
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/s3/preview", new S3SourceRequest("lake", missing, "x/"), AnnotateJson.Options, Ct);
        var errors = await BadRequestAsync(response);
        Assert.Equal($"The bucket '{missing}' does not exist on the S3 connection 'lake'.", Assert.Single(errors["Bucket"]));
    }

    [Fact]
    public async Task AnUnreachableEndpointAndRefusedCredentialsAreClearErrors()
    {
        SkipWhenUnavailable();
        var bucket = await TestS3.CreateBucketAsync(S3);
        await TestS3.PutAsync(S3, bucket, "in/a.csv", "id,text\n1,fine\n");
        var (client, projectId) = await ProjectAsync();

        using (var offline = await client.PostAsJsonAsync($"/api/projects/{projectId}/s3/preview", new S3SourceRequest("offline", bucket, "in/"), AnnotateJson.Options, Ct))
        {
            var message = Assert.Single((await BadRequestAsync(offline))["Connection"]);
            Assert.StartsWith("The S3 endpoint of the connection 'offline' cannot be reached", message);
        }
        using (var refused = await client.PostAsJsonAsync($"/api/projects/{projectId}/s3/preview", new S3SourceRequest("wrongkeys", bucket, "in/"), AnnotateJson.Options, Ct))
        {
            var message = Assert.Single((await BadRequestAsync(refused))["Connection"]);
            Assert.StartsWith("The S3 server refused the credentials of the connection 'wrongkeys'", message);
            Assert.DoesNotContain("not-the-secret", message);
            Assert.DoesNotContain(S3WebFactory.WrongAccessKey, message);
        }
    }

    [Fact]
    public async Task APrefixWithNothingSupportedSaysWhatIsThere()
    {
        SkipWhenUnavailable();
        var bucket = await TestS3.CreateBucketAsync(S3);
        await TestS3.PutAsync(S3, bucket, "docs/readme.txt", "hello");
        var (client, projectId) = await ProjectAsync();

        using (var unsupported = await client.PostAsJsonAsync($"/api/projects/{projectId}/s3/preview", new S3SourceRequest("lake", bucket, "docs/"), AnnotateJson.Options, Ct))
        {
            var message = Assert.Single((await BadRequestAsync(unsupported))["Prefix"]);
            Assert.Contains("None of the 1 object(s)", message);
            Assert.Contains("docs/readme.txt", message);
        }
        using var empty = await client.PostAsJsonAsync($"/api/projects/{projectId}/s3/preview", new S3SourceRequest("lake", bucket, "nothing/"), AnnotateJson.Options, Ct);
        Assert.Equal($"There are no objects under s3://{bucket}/nothing/.", Assert.Single((await BadRequestAsync(empty))["Prefix"]));
    }

    [Fact]
    public async Task ManagersSeeTheConnectionNamesOnlyAndOthersAreRefused()
    {
        SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        using (var names = await client.GetAsync($"/api/projects/{projectId}/s3/connections", Ct))
        {
            var body = await names.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, names.StatusCode);
            Assert.Equal(["lake", "offline", "wrongkeys"], JsonSerializer.Deserialize<string[]>(body)!);
            Assert.DoesNotContain(TestS3.AccessKey, body);
        }

        var annotator = await factory.CreateUserAsync();
        using (var add = await client.PutAsJsonAsync($"/api/projects/{projectId}/members", new SetMemberRequest(annotator.Email!, ProjectRoles.Annotator), AnnotateJson.Options, Ct))
        {
            add.EnsureSuccessStatusCode();
        }
        var stranger = await factory.SignInAsync(await factory.CreateUserAsync());
        var annotatorClient = await factory.SignInAsync(annotator);
        var request = new S3ImportRequest("lake", "bucket", "", Mapping);
        foreach (var (who, expected) in new[] { (annotatorClient, HttpStatusCode.Forbidden), (stranger, HttpStatusCode.NotFound) })
        {
            using var list = await who.GetAsync($"/api/projects/{projectId}/s3/connections", Ct);
            using var preview = await who.PostAsJsonAsync($"/api/projects/{projectId}/s3/preview", new S3SourceRequest("lake", "bucket"), AnnotateJson.Options, Ct);
            using var import = await who.PostAsJsonAsync($"/api/projects/{projectId}/s3/imports", request, AnnotateJson.Options, Ct);
            Assert.Equal([expected, expected, expected], new[] { list.StatusCode, preview.StatusCode, import.StatusCode });
        }
    }
}

public sealed class SqliteS3ImportTests(SqliteS3WebFactory factory) : S3ImportTests<SqliteS3WebFactory>(factory);

public sealed class PostgresS3ImportTests(PostgresS3WebFactory factory) : S3ImportTests<PostgresS3WebFactory>(factory);
