using Annotate.Core.Projects;
using Annotate.Web.Features.Projects;
using Annotate.Web.Tests.TestSupport;
using Bunit;

namespace Annotate.Web.Tests.Components;

public class ProjectsPageTests : ComponentTestContext
{
    [Fact]
    public async Task ListsOnlyTheProjectsTheUserIsAMemberOf()
    {
        var ann = await AddUserAsync("ann@example.test");
        await AddProjectAsync("Spam filter", (ann, ProjectRoles.Annotator));
        await AddProjectAsync("Secret legal review");
        SignIn(ann);

        var cut = Render<ProjectsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=project-card]")));
        Assert.Contains("Spam filter", cut.Markup);
        Assert.DoesNotContain("Secret legal review", cut.Markup);
        Assert.Contains("Annotator", cut.Find("[data-testid=project-card]").TextContent);
    }

    [Fact]
    public async Task AnAdminSeesEveryProjectAndTheNewProjectButton()
    {
        var admin = await AddUserAsync("admin@example.test");
        await AddProjectAsync("One");
        await AddProjectAsync("Two");
        SignIn(admin, admin: true);

        var cut = Render<ProjectsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=project-card]").Count));
        Assert.NotNull(cut.Find("[data-testid=new-project]"));
    }

    [Fact]
    public async Task AnAnnotatorWithoutProjectsSeesAnEmptyStateAndNoCreateButton()
    {
        var ann = await AddUserAsync("lonely@example.test");
        SignIn(ann);

        var cut = Render<ProjectsPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=no-projects]")));
        Assert.Empty(cut.FindAll("[data-testid=new-project]"));
    }

    [Fact]
    public async Task MarkupInAProjectNameIsShownAsText()
    {
        var ann = await AddUserAsync("x@example.test");
        await AddProjectAsync("<script>alert('x')</script><b>bold</b>", (ann, ProjectRoles.Manager));
        SignIn(ann);

        var cut = Render<ProjectsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=project-card]")));
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("[data-testid=project-card] b"));
        Assert.Contains("<script>alert('x')</script><b>bold</b>", cut.Find(".project-name").TextContent);
    }
}
