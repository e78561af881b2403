using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Annotate.Core.Cleaning;
using Annotate.Core.Jobs;
using Annotate.Data.Entities;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Imports.WebPages;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Tests.Imports;

/// <summary>
/// Web-page imports through the HTTP API on both stores, against a real local website (<see cref="TestPages"/>):
/// pages become items without their chrome; failed pages (404, timeout, too large, wrong type, redirect loops) reject
/// the list or are skipped and reported by URL and reason.
/// </summary>
public abstract class WebImportTests<TFactory>(TFactory factory, TestPages pages) : IClassFixture<TFactory>
    where TFactory : WebFetchFactory
{
    private static readonly CleaningOptions Raw = new(Normalize: false, HtmlToText: false, Pii: PiiHandling.Keep, Dedupe: DedupeMode.Exact);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, int ProjectId)> ProjectAsync()
    {
        var client = await factory.SignInAsync(await factory.CreateUserAsync(admin: true));
        using var created = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest($"Web {Guid.NewGuid():N}", null), Ct);
        var project = (await created.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!;
        using var saved = await client.PutAsJsonAsync($"/api/projects/{project.Id}/cleaning", Raw, AnnotateJson.Options, Ct);
        saved.EnsureSuccessStatusCode();
        return (client, project.Id);
    }

    private string Urls(params string[] paths) => string.Join("\n", paths.Select(p => p.StartsWith('/') ? pages.Url(p) : p));

    private static async Task<JobDto> ImportAsync(HttpClient client, int projectId, WebImportRequest request)
    {
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/web/imports", request, AnnotateJson.Options, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        var job = (await response.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        return await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.IsFinal, "the web import to finish", TimeSpan.FromSeconds(60));
    }

    private async Task<List<Item>> ItemsAsync(int projectId)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        return await db.Items.AsNoTracking().Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task ThePreviewFetchesTheFirstPagesAndSuggestsTheWebMapping()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var urls = Urls("/article", "", "/missing", "/article#comments", "not a url", "/plain", "/second", "/legacy");

        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/web/preview", new WebSourceRequest(urls), AnnotateJson.Options, Ct);
        response.EnsureSuccessStatusCode();
        var preview = (await response.Content.ReadFromJsonAsync<WebPreviewDto>(AnnotateJson.Options, Ct))!;

        Assert.Equal(6, preview.Lines);
        Assert.Equal(5, preview.Previewed);
        Assert.Equal($"Line 4 repeats line 1 ({pages.Url("/article")}); it is fetched once.", Assert.Single(preview.Notes));
        Assert.Equal(WebPageImportSource.Fields, preview.Records.Columns);
        var suggested = preview.Records.Suggested;
        Assert.Equal(("text", "url", (string?)null), (suggested.TextField, suggested.IdField, suggested.TimestampField));
        Assert.Equal(["title", "final_url", "description", "lang"], suggested.MetadataFields);
        Assert.Equal(3, preview.Records.Rows.Count);
        var article = preview.Records.Rows[0];
        Assert.Equal("Storm floods the valley", article["title"]);
        Assert.Equal("Rivers burst their banks.", article["description"]);
        Assert.Equal("en", article["lang"]);
        Assert.Equal(pages.Url("/article"), article["url"]);
        Assert.Equal("Storm floods the valley\n\nHeavy rain overnight sent the river over its banks & into the high street.\n\nThe council opened two shelters.",
            article["text"]);
        Assert.Equal("Plain notes.\nSecond line.", preview.Records.Rows[1]["text"]);
        Assert.Equal("Another story about the valley.", preview.Records.Rows[2]["text"]);
        Assert.Equal(
            [$"{pages.Url("/missing")}: Row 3, field 'url': HTTP 404 Not Found", "not a url: Row 5, field 'url': 'not a url' is not a valid URL"],
            preview.Records.Problems);
    }

    [Fact]
    public async Task PagesBecomeItemsWithoutScriptsOrNavigationTracedToTheirUrlAndLine()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var job = await ImportAsync(client, projectId,
            new WebImportRequest(Urls("/article", "/redirect/3", "/plain", "", "/legacy"), WebPageImportSource.SuggestedMapping));

        Assert.True(job.Status == JobStatus.Succeeded, job.Error ?? job.Message);
        Assert.StartsWith("Imported 4 of 4 rows", job.Message);
        var items = await ItemsAsync(projectId);
        Assert.Equal([pages.Url("/article"), pages.Url("/redirect/3"), pages.Url("/plain"), pages.Url("/legacy")], items.Select(i => i.SourceName));
        Assert.Equal([1L, 2L, 3L, 5L], items.Select(i => i.SourceRow));
        Assert.All(items, i => Assert.Equal("url", i.SourceKind));
        Assert.All(items, i => Assert.Equal(i.SourceName, i.ExternalId));

        var article = items[0];
        Assert.StartsWith("Storm floods the valley\n\nHeavy rain overnight", article.Text);
        foreach (var chrome in new[] { "secret-tracking-code", "Sport section", "cookies", "gossip", "Copyright", "color: red" })
        {
            Assert.DoesNotContain(chrome, article.Text);
        }
        var metadata = JsonSerializer.Deserialize<Dictionary<string, string?>>(article.MetadataJson!)!;
        Assert.Equal("Storm floods the valley", metadata["title"]);
        Assert.Equal("Rivers burst their banks.", metadata["description"]);
        Assert.Equal("en", metadata["lang"]);

        // The redirect chain (3 hops, within the limit of 5) ends at the article: same text, the final URL in metadata.
        Assert.Equal(article.Text, items[1].Text);
        Assert.Equal(pages.Url("/article"), JsonSerializer.Deserialize<Dictionary<string, string?>>(items[1].MetadataJson!)!["final_url"]);
        Assert.Equal(article.Id, items[1].DuplicateOfId);
        Assert.Equal("Plain notes.\nSecond line.", items[2].Text);
        // windows-1252, declared in a meta tag only.
        Assert.Equal("Un café crème.", items[3].Text);
        Assert.Equal("Café", JsonSerializer.Deserialize<Dictionary<string, string?>>(items[3].MetadataJson!)!["title"]);
    }

    [Fact]
    public async Task SkippingBadPagesImportsTheRestAndReportsEachUrlWithItsReason()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var urls = Urls("/missing", "/slow", "/article", "/huge", "/image", "/redirect/6", "/to-ftp", "example.org/page", "/empty", "/redirect/5");
        var job = await ImportAsync(client, projectId, new WebImportRequest(urls, WebPageImportSource.SuggestedMapping, BadRowPolicy.SkipBadRows));

        Assert.True(job.Status == JobStatus.Succeeded, job.Error ?? job.Message);
        Assert.StartsWith("Imported 2 of 10 rows; skipped 8", job.Message);
        Assert.Equal([pages.Url("/article"), pages.Url("/redirect/5")], (await ItemsAsync(projectId)).Select(i => i.SourceName));

        var report = await client.GetStringAsync($"/api/projects/{projectId}/jobs/{job.Id}/report", Ct);
        Assert.Equal(
            [
                "source,row,field,reason",
                $"{pages.Url("/missing")},1,url,HTTP 404 Not Found",
                $"{pages.Url("/slow")},2,url,timed out after {WebFetchFactory.TimeoutSeconds} s",
                $"{pages.Url("/huge")},4,url,larger than 1 MB",
                $"{pages.Url("/image")},5,url,unsupported content type image/png",
                $"{pages.Url("/redirect/6")},6,url,more than 5 redirects",
                $"{pages.Url("/to-ftp")},7,url,\"redirected to ftp://127.0.0.1/file.txt, which is not an http(s) URL\"",
                "example.org/page,8,url,'example.org/page' is not a URL (write it with https://)",
                $"{pages.Url("/empty")},9,text,the text is empty",
            ],
            report.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task OneBadPageRejectsTheWholeListAndNamesIt()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var job = await ImportAsync(client, projectId, new WebImportRequest(Urls("/article", "/missing", "/second"), WebPageImportSource.SuggestedMapping));

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("The list of 3 URLs has 1 bad row(s), so nothing was imported", job.Error);
        Assert.Contains("Row 2, field 'url': HTTP 404 Not Found", job.Error);
        Assert.Empty(await ItemsAsync(projectId));
        var report = await client.GetStringAsync($"/api/projects/{projectId}/jobs/{job.Id}/report", Ct);
        Assert.Contains($"{pages.Url("/missing")},2,url,HTTP 404 Not Found", report);
    }

    [Fact]
    public async Task ACancelledImportStopsFetchingAndLeavesTheStoreUnchanged()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        // Pages that never answer, three waves of them: the import is still fetching when the cancel arrives.
        var urls = Urls([.. Enumerable.Range(1, 12).Select(i => $"/slow?page={i}").Prepend("/article")]);
        using var start = await client.PostAsJsonAsync($"/api/projects/{projectId}/web/imports",
            new WebImportRequest(urls, WebPageImportSource.SuggestedMapping, BadRowPolicy.SkipBadRows), AnnotateJson.Options, Ct);
        var job = (await start.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.Status != JobStatus.Queued, "the web import to start");
        using (var cancel = await client.PostAsync($"/api/projects/{projectId}/jobs/{job.Id}/cancel", null, Ct))
        {
            cancel.EnsureSuccessStatusCode();
        }
        var done = await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.IsFinal, "the web import to stop");

        Assert.True(done.Status == JobStatus.Cancelled, $"{done.Status}: {done.Error ?? done.Message}");
        Assert.Empty(await ItemsAsync(projectId));
    }

    [Theory]
    [InlineData("", "Enter at least one URL, one per line.")]
    [InlineData("\n  \n", "Enter at least one URL, one per line.")]
    [InlineData("one\ntwo", "No line is a URL that can be fetched. Line 1: 'one' is not a URL (write it with https://) (and 1 more lines like it).")]
    public async Task AListWithoutUrlsIsRefusedNamingTheField(string urls, string message)
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        foreach (var path in new[] { "preview", "imports" })
        {
            using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/web/{path}",
                new WebImportRequest(urls, WebPageImportSource.SuggestedMapping), AnnotateJson.Options, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(message, problem.GetProperty("errors").GetProperty("Urls")[0].GetString());
        }
    }

    [Fact]
    public async Task AListLongerThanTheLimitIsRefusedAtTheFirstLineTooMany()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        var urls = string.Join("\n", Enumerable.Range(1, WebFetchFactory.MaxUrls + 1).Select(i => $"https://example.org/{i}"));
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/web/imports",
            new WebImportRequest(urls, WebPageImportSource.SuggestedMapping), AnnotateJson.Options, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal($"Line {WebFetchFactory.MaxUrls + 1}: the list has {WebFetchFactory.MaxUrls + 1} URLs and an import takes at most {WebFetchFactory.MaxUrls} (Annotate:WebFetch:MaxUrls). Split the list.",
            problem.GetProperty("errors").GetProperty("Urls")[0].GetString());
    }

    [Fact]
    public async Task AMappedFieldPagesDoNotHaveIsNamed()
    {
        factory.SkipWhenUnavailable();
        var (client, projectId) = await ProjectAsync();
        using var response = await client.PostAsJsonAsync($"/api/projects/{projectId}/web/imports",
            new WebImportRequest(Urls("/article"), new FieldMapping("body")), AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no field 'body'", await response.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class SqliteWebImportTests(SqliteWebFetchFactory factory, TestPages pages) : WebImportTests<SqliteWebFetchFactory>(factory, pages), IClassFixture<TestPages>;

public sealed class PostgresWebImportTests(PostgresWebFetchFactory factory, TestPages pages) : WebImportTests<PostgresWebFetchFactory>(factory, pages), IClassFixture<TestPages>;
