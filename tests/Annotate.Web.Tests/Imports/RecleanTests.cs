using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Annotate.Core.Cleaning;
using Annotate.Core.Jobs;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Imports;

/// <summary>Re-running cleaning on items already imported, after the Manager changed the rules.</summary>
public abstract class RecleanTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly CleaningOptions Raw = new(Normalize: false, HtmlToText: false, Pii: PiiHandling.Keep, KeepOriginal: true, Dedupe: DedupeMode.Exact);

    private const string Csv =
        "id,text\n" +
        "1,Write to ann@example.com today\n" +
        "2,Hello   world\n" +
        "3,Hello world\n" +
        "4,Plain text without anything\n";

    [Fact]
    public async Task NewRulesApplyToExistingItemsFromTheirOriginalTextAndDuplicatesAreWorkedOutAgain()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ImportedProjectAsync();
        var before = await ItemsAsync(projectId);
        Assert.Equal("Write to ann@example.com today", before["1"].Text);
        Assert.All(before.Values, i => Assert.Null(i.DuplicateOfId));

        // Mask PII and normalise spaces: the e-mail is masked, "Hello   world" becomes a copy of "Hello world".
        await SaveCleaningAsync(client, projectId, Raw with { Normalize = true, Pii = PiiHandling.Mask });
        var job = await RecleanAsync(client, projectId);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Contains("2 changed", job.Message);
        var masked = await ItemsAsync(projectId);
        Assert.Equal("Write to [EMAIL] today", masked["1"].Text);
        Assert.Equal("Write to ann@example.com today", masked["1"].OriginalText);
        Assert.Equal((int)PiiKind.Email, masked["1"].PiiFlags);
        Assert.Equal("Hello world", masked["2"].Text);
        Assert.Equal(masked["2"].Id, masked["3"].DuplicateOfId);
        Assert.Null(masked["2"].DuplicateOfId);

        // Back to keeping personal data: the kept original comes back, nothing was lost.
        await SaveCleaningAsync(client, projectId, Raw);
        Assert.Equal(JobStatus.Succeeded, (await RecleanAsync(client, projectId)).Status);
        var restored = await ItemsAsync(projectId);
        Assert.Equal("Write to ann@example.com today", restored["1"].Text);
        Assert.Equal(0, restored["1"].PiiFlags);
        Assert.Equal("Hello   world", restored["2"].Text);
        Assert.All(restored.Values, i => Assert.Null(i.DuplicateOfId));
        Assert.Equal(4, restored.Count);
    }

    [Fact]
    public async Task ALengthRuleFiltersExistingItemsWithoutDeletingThem()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ImportedProjectAsync();
        await SaveCleaningAsync(client, projectId, Raw with { MinChars = 20 });
        Assert.Equal(JobStatus.Succeeded, (await RecleanAsync(client, projectId)).Status);
        var items = await ItemsAsync(projectId);
        Assert.Equal(4, items.Count);
        Assert.Equal(ItemStatus.Filtered, items["2"].Status);
        Assert.Equal(ItemStatus.Filtered, items["3"].Status);
        Assert.Equal(ItemStatus.Active, items["4"].Status);
    }

    [Fact]
    public async Task OnlyManagersOfTheProjectCanReclean()
    {
        factory.SkipWhenUnavailable();
        var (_, projectId) = await ImportedProjectAsync();
        var stranger = await factory.SignInAsync(await factory.CreateUserAsync());
        using (var response = await stranger.PostAsync($"/api/projects/{projectId}/cleaning/rerun", null, Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        var annotator = await factory.CreateUserAsync();
        var projects = factory.Services.GetRequiredService<ProjectService>();
        await projects.SetMemberAsync(AnnotateWebFactory.CallerOf(await factory.CreateUserAsync(admin: true), admin: true), projectId,
            new SetMemberRequest(annotator.Email!, ProjectRoles.Annotator), Ct);
        var annotatorClient = await factory.SignInAsync(annotator);
        using (var response = await annotatorClient.PostAsync($"/api/projects/{projectId}/cleaning/rerun", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    private async Task<(HttpClient Client, int ProjectId)> ImportedProjectAsync()
    {
        var client = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var created = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest($"Reclean {Guid.NewGuid():N}", null), Ct);
        var projectId = (await created.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!.Id;
        await SaveCleaningAsync(client, projectId, Raw);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var uploaded = await client.PostAsync($"/api/projects/{projectId}/uploads?fileName=mail.csv", content, Ct);
        var upload = (await uploaded.Content.ReadFromJsonAsync<UploadDto>(AnnotateJson.Options, Ct))!;
        using var started = await client.PostAsJsonAsync($"/api/projects/{projectId}/imports",
            new FileImportRequest(upload.Id, new FieldMapping("text", IdField: "id")), AnnotateJson.Options, Ct);
        var job = await WaitAsync(client, projectId, (await started.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        return (client, projectId);
    }

    private static async Task SaveCleaningAsync(HttpClient client, int projectId, CleaningOptions options)
    {
        using var saved = await client.PutAsJsonAsync($"/api/projects/{projectId}/cleaning", options, AnnotateJson.Options, Ct);
        saved.EnsureSuccessStatusCode();
    }

    private static async Task<JobDto> RecleanAsync(HttpClient client, int projectId)
    {
        using var response = await client.PostAsync($"/api/projects/{projectId}/cleaning/rerun", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await WaitAsync(client, projectId, (await response.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!);
    }

    private static Task<JobDto> WaitAsync(HttpClient client, int projectId, JobDto job) =>
        Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.IsFinal, $"job {job.Id} to finish", TimeSpan.FromSeconds(60));

    private async Task<Dictionary<string, Item>> ItemsAsync(int projectId)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        return await db.Items.AsNoTracking().Where(i => i.ProjectId == projectId).ToDictionaryAsync(i => i.ExternalId!, Ct);
    }
}

public sealed class SqliteRecleanTests(SqliteWebFactory factory) : RecleanTests<SqliteWebFactory>(factory);

public sealed class PostgresRecleanTests(PostgresWebFactory factory) : RecleanTests<PostgresWebFactory>(factory);
