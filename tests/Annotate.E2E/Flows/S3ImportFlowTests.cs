using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Annotate.E2E.Pages;
using Annotate.E2E.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Annotate.E2E.Flows;

/// <summary>
/// A Manager opens the S3 tab, previews the objects under a prefix (one left out as unsupported), maps the fields and
/// imports them; the grid shows the items with their object keys.
/// </summary>
public sealed partial class S3ImportFlowTests(E2EFixture fixture) : FlowTest(fixture), IClassFixture<E2EFixture>
{
    [Fact]
    public async Task ManagerPreviewsAndImportsTheObjectsUnderAPrefix()
    {
        var url = Environment.GetEnvironmentVariable("ANNOTATE_TEST_S3");
        if (string.IsNullOrEmpty(url))
        {
            const string missing = "This flow needs an S3 test server: set ANNOTATE_TEST_S3 (./test.sh starts s3rver).";
            if (Environment.GetEnvironmentVariable("ANNOTATE_TEST_REQUIRE_S3") == "1")
            {
                Assert.Fail(missing);
            }
            Assert.Skip(missing);
        }
        var bucket = $"e2e-{Guid.NewGuid():N}";
        using (var s3 = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"),
            new AmazonS3Config { ServiceURL = url, ForcePathStyle = true, AuthenticationRegion = "us-east-1" }))
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, CancellationToken);
            foreach (var (key, body) in new[]
            {
                ("reviews/2024-01.csv", "id,text,label\n1,The delivery was quick and the box was intact,pos\n2,Support never answered my e-mail,neg\n"),
                ("reviews/2024-02.jsonl", "{\"id\":\"3\",\"text\":\"Great value for the price\",\"label\":\"pos\"}\n"),
                ("reviews/README.txt", "exported by the shop"),
            })
            {
                // UseChunkEncoding = false: s3rver would store SDK v4's aws-chunked framing as the object's bytes.
                await s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket, Key = key, ContentBody = body, UseChunkEncoding = false,
                }, CancellationToken);
            }
        }

        var adminId = await App.CreateUserAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword, isAdmin: true, CancellationToken);
        var projectId = await App.CreateProjectAsync(adminId, "Shop reviews", "Imported from the data lake.", CancellationToken);
        var manager = await OpenSessionAsync();
        var login = new LoginPage(manager);
        await login.GotoAsync();
        await login.LogInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        var dataTab = new DataTab(manager, projectId);
        await dataTab.GotoAsync();
        await Interact.ClickUntilVisibleAsync(dataTab.S3Tab, dataTab.S3Bucket);
        await dataTab.S3Bucket.FillAsync(bucket);
        await dataTab.S3Prefix.FillAsync("reviews/");
        await Expect(dataTab.S3PreviewButton).ToBeEnabledAsync();
        await dataTab.S3PreviewButton.ClickAsync();

        await Expect(dataTab.S3Objects).ToContainTextAsync("2 object(s)", new() { Timeout = 30_000 });
        await Expect(dataTab.S3Objects).ToContainTextAsync("reviews/2024-01.csv, reviews/2024-02.jsonl");
        await Expect(dataTab.S3Unsupported).ToContainTextAsync("reviews/README.txt");
        await Expect(dataTab.PreviewRows).ToHaveCountAsync(3);
        Assert.Equal("text", await dataTab.MappingValueAsync("text"));
        await manager.ScreenshotAsync("s3-import-01-preview");

        await dataTab.StartImportButton.ClickAsync();
        await Expect(dataTab.ImportStatus).ToHaveTextAsync(FinalStatus(), new() { Timeout = 90_000 });
        Assert.True(await dataTab.ImportStatus.InnerTextAsync() == "Succeeded", "The import did not succeed: " + await dataTab.ImportJob.InnerTextAsync());
        await Expect(dataTab.ImportMessage).ToContainTextAsync("Imported 3 of 3 rows from 2 object(s). 1 object(s) left out because their type is not supported: reviews/README.txt.");
        await Expect(dataTab.ItemRows).ToHaveCountAsync(3);
        await Expect(dataTab.ItemsGrid).ToContainTextAsync("reviews/2024-02.jsonl");
        await manager.ScreenshotAsync("s3-import-02-imported");
        AssertNoServerErrors();
    }

    [GeneratedRegex("^(Succeeded|Failed|Cancelled|Interrupted)$")]
    private static partial Regex FinalStatus();
}
