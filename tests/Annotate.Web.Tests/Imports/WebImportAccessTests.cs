using System.Net;
using System.Net.Http.Json;
using Annotate.Core.Jobs;
using Annotate.Core.Projects;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Imports.WebPages;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Imports;

/// <summary>
/// Web-page imports with the shipped configuration: pages on internal addresses are refused (the test site runs on
/// loopback, so it stands for an intranet or a metadata service), and only a project's Managers may fetch pages.
/// </summary>
public abstract class WebImportAccessTests<TFactory>(TFactory factory, TestPages pages) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, ProjectDetail Project)> ProjectAsync()
    {
        var manager = await factory.CreateUserAsync(admin: true);
        var client = await factory.SignInAsync(manager);
        using var created = await client.PostAsJsonAsync("/api/projects", new CreateProjectRequest($"Web {Guid.NewGuid():N}", null), Ct);
        return (client, (await created.Content.ReadFromJsonAsync<ProjectDetail>(AnnotateJson.Options, Ct))!);
    }

    [Fact]
    public async Task ALoopbackPageIsBlockedAndNothingIsImported()
    {
        factory.SkipWhenUnavailable();
        var (client, project) = await ProjectAsync();
        var localhost = pages.Url("/article").Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var request = new WebImportRequest($"{pages.Url("/article")}\n{localhost}", WebPageImportSource.SuggestedMapping);

        using var start = await client.PostAsJsonAsync($"/api/projects/{project.Id}/web/imports", request, AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var job = (await start.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!;
        var done = await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{project.Id}/jobs/{job.Id}", AnnotateJson.Options, Ct))!,
            j => j.IsFinal, "the web import to finish", TimeSpan.FromSeconds(60));

        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Contains("Row 1, field 'url': blocked: 127.0.0.1 is a loopback address (set Annotate:WebFetch:AllowPrivateAddresses to allow)", done.Error);
        // A name is checked by the address it resolves to, at connect time.
        Assert.Matches(@"Row 2, field 'url': blocked: localhost \((127\.0\.0\.1|::1)\) is a loopback address", done.Error);
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Items.CountAsync(i => i.ProjectId == project.Id, Ct));
    }

    [Fact]
    public async Task ThePreviewSaysWhyAnInternalPageIsBlocked()
    {
        factory.SkipWhenUnavailable();
        var (client, project) = await ProjectAsync();
        using var response = await client.PostAsJsonAsync($"/api/projects/{project.Id}/web/preview",
            new WebSourceRequest("http://169.254.169.254/latest/meta-data/\nhttp://[::ffff:127.0.0.1]/"), AnnotateJson.Options, Ct);
        response.EnsureSuccessStatusCode();
        var preview = (await response.Content.ReadFromJsonAsync<WebPreviewDto>(AnnotateJson.Options, Ct))!;

        Assert.Empty(preview.Records.Rows);
        Assert.Equal(2, preview.Records.Problems.Count);
        Assert.Contains("blocked: 169.254.169.254 is a link-local address", preview.Records.Problems[0]);
        Assert.Contains("is a loopback address", preview.Records.Problems[1]);
    }

    [Fact]
    public async Task ANonMemberGets404AndAnAnnotator403()
    {
        factory.SkipWhenUnavailable();
        var (_, project) = await ProjectAsync();
        var annotator = await factory.CreateUserAsync();
        var outsider = await factory.CreateUserAsync();
        var admin = await factory.CreateUserAsync(admin: true);
        await factory.Services.GetRequiredService<ProjectService>().SetMemberAsync(
            AnnotateWebFactory.CallerOf(admin, admin: true), project.Id, new SetMemberRequest(annotator.Email!, ProjectRoles.Annotator), Ct);
        var annotatorClient = await factory.SignInAsync(annotator);
        var outsiderClient = await factory.SignInAsync(outsider);
        var request = new WebImportRequest(pages.Url("/article"), WebPageImportSource.SuggestedMapping);

        foreach (var path in new[] { "preview", "imports" })
        {
            var url = $"/api/projects/{project.Id}/web/{path}";
            using (var response = await outsiderClient.PostAsJsonAsync(url, request, AnnotateJson.Options, Ct))
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
            using (var response = await annotatorClient.PostAsJsonAsync(url, request, AnnotateJson.Options, Ct))
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
        }
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        Assert.False(await db.Jobs.AnyAsync(j => j.ProjectId == project.Id && j.Kind == WebImportJob.JobKind, Ct));
    }
}

public sealed class SqliteWebImportAccessTests(SqliteWebFactory factory, TestPages pages) : WebImportAccessTests<SqliteWebFactory>(factory, pages), IClassFixture<TestPages>;

public sealed class PostgresWebImportAccessTests(PostgresWebFactory factory, TestPages pages) : WebImportAccessTests<PostgresWebFactory>(factory, pages), IClassFixture<TestPages>;
