using Annotate.Core.Projects;
using Annotate.Web.Features.Imports;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Annotate.Web.Tests.Components;

public class S3SourcePanelTests : ComponentTestContext
{
    [Fact]
    public async Task WithoutConnectionsItSaysThatAnAdminMustConfigureOne()
    {
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Lake", (manager, ProjectRoles.Manager));
        SignIn(manager);

        var panel = Render<S3SourcePanel>(p => p.Add(c => c.ProjectId, project.Id));

        panel.WaitForAssertion(() =>
        {
            var alert = panel.Find("[data-testid=s3-not-configured]");
            Assert.Contains("Annotate:S3Connections", alert.TextContent);
            Assert.Contains("README", alert.TextContent);
        });
        Assert.Empty(panel.FindAll("[data-testid=s3-bucket]"));
    }

    [Fact]
    public async Task WithConnectionsItOffersThemByNameAndWaitsForABucket()
    {
        Services.Configure<AnnotateOptions>(o =>
        {
            o.S3Connections["archive"] = new S3ConnectionOptions { ServiceUrl = "http://127.0.0.1:9", AccessKey = "key", SecretKey = "secret-value" };
            o.S3Connections["lake"] = new S3ConnectionOptions { ServiceUrl = "http://127.0.0.1:9", AccessKey = "key", SecretKey = "secret-value" };
        });
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Lake", (manager, ProjectRoles.Manager));
        SignIn(manager);
        var popovers = Render<MudPopoverProvider>();

        var panel = Render<S3SourcePanel>(p => p.Add(c => c.ProjectId, project.Id));

        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=s3-bucket]")));
        Assert.Empty(panel.FindAll("[data-testid=s3-not-configured]"));
        Assert.DoesNotContain("secret-value", panel.Markup);
        Assert.True(panel.Find("[data-testid=s3-preview]").HasAttribute("disabled"));
        Assert.Contains("value=\"archive\"", panel.Markup);
        _ = popovers;
    }
}
