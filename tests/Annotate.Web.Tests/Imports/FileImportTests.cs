using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Annotate.Core.Jobs;
using Annotate.Data.Entities;
using Annotate.Core.Cleaning;
using Annotate.Web.Features.Cleaning;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Tests.Imports;

/// <summary>Imports through the HTTP API on both stores: real datasets, bad rows rejected or reported, atomicity.</summary>
public abstract class FileImportTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, int ProjectId)> ProjectAsync(CleaningOptions? cleaning = null)
    {
        var client = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var created = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest($"Import {Guid.NewGuid():N}", null), Ct);
        var project = (await created.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!;
        if (cleaning is not null)
        {
            using var saved = await client.PutAsJsonAsync($"/api/projects/{project.Id}/cleaning", cleaning, AnnotateJson.Options, Ct);
            saved.EnsureSuccessStatusCode();
        }
        return (client, project.Id);
    }

    private static async Task<UploadDto> UploadAsync(HttpClient client, int projectId, string fileName, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync($"/api/projects/{projectId}/uploads?fileName={Uri.EscapeDataString(fileName)}", content, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<UploadDto>(AnnotateJson.Options, Ct))!;
    }

    private static async Task<PreviewDto> PreviewAsync(HttpClient client, int projectId, Guid uploadId, ReadSettings? read = null)
    {
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/uploads/{uploadId}/preview", read ?? new ReadSettings(), AnnotateJson.Options, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PreviewDto>(AnnotateJson.Options, Ct))!;
    }

    private static async Task<JobDto> ImportAsync(HttpClient client, int projectId, FileImportRequest request)
    {
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/imports", request, AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        return await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.IsFinal, "the import to finish", TimeSpan.FromSeconds(60));
    }

    private async Task<int> CountItemsAsync(int projectId)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        return await db.Items.CountAsync(i => i.ProjectId == projectId, Ct);
    }

    [Fact]
    public async Task TheYouTubeCsvsImportWithTheSuggestedMappingAndTheirDuplicates()
    {
        factory.SkipWhenUnavailable();
        var raw = new CleaningOptions(Normalize: false, HtmlToText: false, Pii: PiiHandling.Keep, Dedupe: DedupeMode.Exact);
        var (client, projectId) = await ProjectAsync(raw);
        var files = Directory.GetFiles(SharedDatasets.PathOf("youtube_spam_collection"), "*.csv").Order().ToList();
        Assert.Equal(5, files.Count);
        foreach (var file in files)
        {
            var upload = await UploadAsync(client, projectId, Path.GetFileName(file), await File.ReadAllBytesAsync(file, Ct));
            var preview = await PreviewAsync(client, projectId, upload.Id);
            Assert.Equal(["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "CLASS"], preview.Columns);
            Assert.Equal("CONTENT", preview.Suggested.TextField);
            Assert.Equal("COMMENT_ID", preview.Suggested.IdField);
            Assert.Equal("CLASS", preview.Suggested.LabelField);
            Assert.Equal("DATE", preview.Suggested.TimestampField);
            var job = await ImportAsync(client, projectId, new FileImportRequest(upload.Id, preview.Suggested));
            Assert.True(job.Status == JobStatus.Succeeded, job.Error ?? job.Message);
        }

        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var items = db.Items.Where(i => i.ProjectId == projectId);
        Assert.Equal(1_956, await items.CountAsync(Ct));
        Assert.Equal(1_005, await items.CountAsync(i => i.SourceLabel == "1", Ct));
        Assert.Equal(1_956 - 1_760, await items.CountAsync(i => i.DuplicateOfId != null, Ct));
        Assert.Equal(245, await items.CountAsync(i => i.SourceName == "Youtube04-Eminem.csv" && i.Timestamp == null, Ct));
        // Every item can be traced to its file and row.
        var sample = await items.OrderBy(i => i.Id).FirstAsync(Ct);
        Assert.Equal("Youtube01-Psy.csv", sample.SourceName);
        Assert.Equal(1, sample.SourceRow);
        Assert.NotNull(sample.ExternalId);
    }

    [Fact]
    public async Task TheSmsTsvWithoutHeaderImportsEveryRow()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var bytes = await File.ReadAllBytesAsync(SharedDatasets.PathOf("sms_spam_collection", "SMSSpamCollection"), Ct);
        var upload = await UploadAsync(client, projectId, "SMSSpamCollection.tsv", bytes);
        var read = new ReadSettings(HasHeader: false);
        var preview = await PreviewAsync(client, projectId, upload.Id, read);
        Assert.Equal(2, preview.Columns.Count);
        var mapping = new FieldMapping(preview.Columns[1], LabelField: preview.Columns[0]);
        var job = await ImportAsync(client, projectId, new FileImportRequest(upload.Id, mapping, Read: read));
        Assert.True(job.Status == JobStatus.Succeeded, job.Error ?? job.Message);
        Assert.Equal(5_574, await CountItemsAsync(projectId));
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        Assert.Equal(747, await db.Items.CountAsync(i => i.ProjectId == projectId && i.SourceLabel == "spam", Ct));
        // Batches are cleaned several at once but inserted in source order: ids follow the rows of the file.
        var rows = await db.Items.Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).Select(i => i.SourceRow).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(1, 5_574).Select(r => (long?)r), rows);
    }

    [Fact]
    public async Task ItemsOutsideTheLengthLimitsAreKeptAsFilteredAndCountedInTheJobMessage()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync(new CleaningOptions(MinChars: 5));
        // Enough rows for several batches, which are cleaned at once: every 7th text is too short.
        var csv = new StringBuilder("id,text\n");
        for (var i = 1; i <= 2_000; i++)
        {
            csv.Append(i).Append(',').Append(i % 7 == 0 ? "hey" : $"comment number {i}").Append('\n');
        }
        var upload = await UploadAsync(client, projectId, "short.csv", Encoding.UTF8.GetBytes(csv.ToString()));
        var job = await ImportAsync(client, projectId, new FileImportRequest(upload.Id, new FieldMapping("text", "id")));

        Assert.True(job.Status == JobStatus.Succeeded, job.Error ?? job.Message);
        Assert.Contains("Imported 2,000 of 2,000 rows", job.Message);
        Assert.Contains("285 filtered by cleaning rules", job.Message);
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var filtered = await db.Items.Where(i => i.ProjectId == projectId && i.Status == ItemStatus.Filtered)
            .Select(i => i.ExternalId!).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(1, 2_000).Where(i => i % 7 == 0).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            filtered.Order());
    }

    [Fact]
    public async Task ABadRowRejectsTheWholeFileAndNamesTheRow()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var csv = "id,text\n1,first\n2,second,extra\n3,third\n4,\n";
        var upload = await UploadAsync(client, projectId, "bad.csv", Encoding.UTF8.GetBytes(csv));
        var job = await ImportAsync(client, projectId, new FileImportRequest(upload.Id, new FieldMapping("text", "id")));

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("Row 2", job.Error);
        Assert.Contains("Row 4, field 'text': the text is empty", job.Error);
        Assert.Contains("nothing was imported", job.Error);
        Assert.Equal(0, await CountItemsAsync(projectId));
    }

    [Fact]
    public async Task SkippingBadRowsImportsTheRestAndReportsEachSkippedRow()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var csv = "id,text,when\n1,first,2024-01-02\n2,second,not-a-date\n3,third,2024-03-04T05:06:07Z\n4,,2024-01-01\n";
        var upload = await UploadAsync(client, projectId, "mixed.csv", Encoding.UTF8.GetBytes(csv));
        var job = await ImportAsync(client, projectId,
            new FileImportRequest(upload.Id, new FieldMapping("text", "id", TimestampField: "when"), BadRowPolicy.SkipBadRows));

        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(2, await CountItemsAsync(projectId));
        var report = await client.GetStringAsync($"/api/projects/{projectId}/jobs/{job.Id}/report", Ct);
        Assert.Contains("mixed.csv,2,when,'not-a-date' is not a date and time", report);
        Assert.Contains("mixed.csv,4,text,the text is empty", report);
    }

    [Fact]
    public async Task AFileOfAnUnsupportedTypeIsRefusedAtUpload()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        using var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync($"/api/projects/{projectId}/uploads?fileName=sheet.xlsx", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(".xlsx", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task AMappedFieldMissingFromTheFileIsNamed()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var upload = await UploadAsync(client, projectId, "small.csv", Encoding.UTF8.GetBytes("id,text\n1,hello\n"));
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/imports",
            new FileImportRequest(upload.Id, new FieldMapping("body")), AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no field 'body'", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ACancelledOrFinishedImportIsAllOrNothing()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync(new CleaningOptions(Dedupe: DedupeMode.Exact));
        var csv = new StringBuilder("id,text\n");
        for (var i = 0; i < 60_000; i++)
        {
            csv.Append(i).Append(",row number ").Append(i).Append(" with some words to clean\n");
        }
        var upload = await UploadAsync(client, projectId, "big.csv", Encoding.UTF8.GetBytes(csv.ToString()));
        using var start = await client.PostAsJsonAsync($"/api/projects/{projectId}/imports",
            new FileImportRequest(upload.Id, new FieldMapping("text", "id")), AnnotateJson.Options, Ct);
        var job = (await start.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.Status != JobStatus.Queued, "the import to start");
        using (await client.PostAsync($"/api/projects/{projectId}/jobs/{job.Id}/cancel", null, Ct))
        {
        }
        var done = await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.IsFinal, "the import to stop", TimeSpan.FromSeconds(60));

        var count = await CountItemsAsync(projectId);
        Assert.True(done.Status is JobStatus.Cancelled or JobStatus.Succeeded, $"{done.Status}: {done.Error}");
        Assert.Equal(done.Status == JobStatus.Cancelled ? 0 : 60_000, count);
    }

    [Fact]
    public async Task NearDuplicatesAreGroupedAfterImportAndAPersonCanTakeOneOut()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var csv = new StringBuilder("id,text\n");
        csv.Append("1,the quarterly report shows revenue growth in every region except the north east this year\n");
        csv.Append("2,the quarterly report shows revenue growth in every region except the north east this year again\n");
        csv.Append("3,completely different words about cooking pasta with tomatoes and fresh basil tonight\n");
        var upload = await UploadAsync(client, projectId, "near.csv", Encoding.UTF8.GetBytes(csv.ToString()));
        var job = await ImportAsync(client, projectId, new FileImportRequest(upload.Id, new FieldMapping("text", "id")));
        Assert.Equal(JobStatus.Succeeded, job.Status);

        async Task<List<Item>> ItemsAsync()
        {
            await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
            return await db.Items.AsNoTracking().Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).ToListAsync(Ct);
        }
        var grouped = await Eventually.ReturnsAsync(ItemsAsync, items => items.Count(i => i.NearDuplicateGroupId != null) == 2,
            "the near-duplicate job to group the two reports");
        Assert.Equal(grouped[0].Id, grouped[1].NearDuplicateGroupId);
        Assert.Null(grouped[2].NearDuplicateGroupId);

        using (var ungroup = await client.PostAsJsonAsync($"/api/projects/{projectId}/items/ungroup", new { itemIds = new[] { grouped[1].Id } }, Ct))
        {
            Assert.Equal(1, await ungroup.Content.ReadFromJsonAsync<int>(Ct));
        }
        using var regroup = await client.PostAsync($"/api/projects/{projectId}/cleaning/near-duplicates", null, Ct);
        var rerun = (await regroup.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{rerun.Id}", AnnotateJson.Options, Ct))!,
            j => j.IsFinal, "the regrouping to finish");
        var after = await ItemsAsync();
        Assert.True(after[1].NearDuplicateExcluded);
        Assert.All(after, i => Assert.Null(i.NearDuplicateGroupId));
    }

    [Fact]
    public async Task MaskedPersonalDataKeepsTheOriginalForManagersOnly()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var upload = await UploadAsync(client, projectId, "pii.csv", Encoding.UTF8.GetBytes("id,text\n1,mail me at jane.doe@example.com please\n"));
        var job = await ImportAsync(client, projectId, new FileImportRequest(upload.Id, new FieldMapping("text", "id")));
        Assert.Equal(JobStatus.Succeeded, job.Status);

        var page = await client.GetFromJsonAsync<Annotate.Web.Infrastructure.PagedResult<Annotate.Web.Features.Items.ItemRow>>(
            $"/api/projects/{projectId}/items?filter=WithPii", AnnotateJson.Options, Ct);
        var item = Assert.Single(page!.Items);
        Assert.Equal("mail me at [EMAIL] please", item.Text);
        Assert.Equal("mail me at jane.doe@example.com please", item.OriginalText);

        var annotator = await factory.CreateUserAsync();
        using (var add = await client.PutAsJsonAsync($"/api/projects/{projectId}/members",
            new SetMemberRequest(annotator.Email!, Annotate.Core.Projects.ProjectRoles.Annotator), AnnotateJson.Options, Ct))
        {
            add.EnsureSuccessStatusCode();
        }
        var annotatorClient = await factory.SignInAsync(annotator);
        using var refused = await annotatorClient.GetAsync($"/api/projects/{projectId}/items", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("jane.doe", await refused.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class SqliteFileImportTests(SqliteWebFactory factory) : FileImportTests<SqliteWebFactory>(factory);

public sealed class PostgresFileImportTests(PostgresWebFactory factory) : FileImportTests<PostgresWebFactory>(factory);
