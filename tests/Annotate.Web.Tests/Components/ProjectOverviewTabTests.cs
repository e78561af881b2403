using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Statistics;
using Annotate.Web.Tests.TestSupport;
using Bunit;

namespace Annotate.Web.Tests.Components;

public class ProjectOverviewTabTests : ComponentTestContext
{
    [Fact]
    public async Task ImportedLabelValuesInTheChartStayText()
    {
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Labels", (manager, ProjectRoles.Manager));
        SignIn(manager);
        await using (var db = NewDb())
        {
            db.ProjectStatistics.Add(new ProjectStatistics
            {
                ProjectId = project.Id,
                ItemCount = 3,
                ActiveItemCount = 3,
                UsableItemCount = 3,
                LabelCountsJson = """{"<script>alert(1)</script>":2,"<b>ham</b>":1}""",
                ComputedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(Ct);
        }

        var cut = Render<ProjectOverviewTab>(p => p.Add(x => x.ProjectId, project.Id));

        cut.WaitForAssertion(() => Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup));
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("svg b"));
    }
}
