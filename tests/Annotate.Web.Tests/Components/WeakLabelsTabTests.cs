using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Core.WeakSupervision.Functions;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.WeakSupervision;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Annotate.Web.Tests.Components;

public class WeakLabelsTabTests : ComponentTestContext
{
    private async Task<(Caller Manager, int ProjectId)> ProjectAsync(params string[] texts)
    {
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Spam", (manager, ProjectRoles.Manager));
        SignIn(manager);
        var caller = new Caller(manager.Id, false);
        await Services.GetRequiredService<SchemaService>().SaveAsync(caller, project.Id,
            new LabelSchema([new QuestionDefinition("kind", "Spam?", QuestionKind.Single, [new("ham", "Ham"), new("spam", "Spam")])]), Ct);
        await using var db = NewDb();
        foreach (var (text, i) in texts.Select((t, i) => (t, i)))
        {
            db.Items.Add(new Item { ProjectId = project.Id, Text = text, ContentHash = $"h{i}", CreatedAt = DateTime.UtcNow });
        }
        await db.SaveChangesAsync(Ct);
        return (caller, project.Id);
    }

    [Fact]
    public async Task AManagerTestsAKeywordFunctionSeesTheMatchMarkedAsTextAndSavesIt()
    {
        var (manager, projectId) = await ProjectAsync("<b>FREE</b> prize, subscribe <script>x()</script>", "nice song", "Subscribe now");
        var provider = Render<MudDialogProvider>();
        var cut = Render<WeakLabelsTab>(p => p.Add(x => x.ProjectId, projectId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=lf-empty]")));

        // Not awaited: the handler waits for the dialog's result.
        _ = cut.Find("[data-testid=lf-new]").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid=lf-save]")));
        await provider.Find("input[data-testid=lf-name-input]").InputAsync(new ChangeEventArgs { Value = "subscribe" });
        await provider.Find("textarea[data-testid=lf-keywords]").InputAsync(new ChangeEventArgs { Value = "subscribe" });
        // No label chosen yet: the test names the field.
        await provider.Find("[data-testid=lf-test]").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Contains("Label: choose the label the function votes.", provider.Find("[data-testid=lf-error]").TextContent));
        await provider.InvokeAsync(() => provider.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Votes the label").Instance.SelectOption("spam"));

        await provider.Find("[data-testid=lf-test]").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Equal("66.7%", provider.Find("[data-testid=lf-coverage]").TextContent.Replace(" ", "")));
        var matches = provider.FindAll("[data-testid=lf-match]").Select(m => m.TextContent).ToList();
        Assert.Equal(["subscribe", "Subscribe"], matches);
        var hostile = provider.FindAll("[data-testid=lf-hit]")[0];
        Assert.Contains("<b>FREE</b> prize", hostile.TextContent);
        Assert.Empty(hostile.QuerySelectorAll("b, script"));

        await provider.Find("[data-testid=lf-save]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(["subscribe"], cut.FindAll("[data-testid=lf-name]").Select(n => n.TextContent)));
        Assert.Equal("Not applied yet", cut.Find("[data-testid=lf-status]").TextContent.Trim());
        var saved = Assert.Single(await Services.GetRequiredService<LabelingFunctionService>().ListAsync(manager, projectId, Ct));
        Assert.Equal(("spam", 1), (saved.Label, saved.Version));
        Assert.Equal(["subscribe"], Assert.IsType<KeywordRule>(saved.Rule).Keywords);
    }

    [Fact]
    public async Task EditingTheRuleSavesANewVersionAndAnInvalidPatternIsNamed()
    {
        var (manager, projectId) = await ProjectAsync("call 555-1234");
        var service = Services.GetRequiredService<LabelingFunctionService>();
        await service.CreateAsync(manager, projectId, new LfRequest("phone", "kind", new RegexRule(@"\d{3}-\d{4}"), "spam"), Ct);
        var provider = Render<MudDialogProvider>();
        var cut = Render<WeakLabelsTab>(p => p.Add(x => x.ProjectId, projectId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=lf-edit]")));

        _ = cut.Find("[data-testid=lf-edit]").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Equal(@"\d{3}-\d{4}", provider.Find("input[data-testid=lf-pattern]").GetAttribute("value")));
        await provider.Find("input[data-testid=lf-pattern]").InputAsync(new ChangeEventArgs { Value = @"(\d{3}" });
        await provider.Find("[data-testid=lf-save]").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Contains("Pattern:", provider.Find("[data-testid=lf-error]").TextContent));

        await provider.Find("input[data-testid=lf-pattern]").InputAsync(new ChangeEventArgs { Value = @"\d{3}-\d{4}\b" });
        await provider.Find("[data-testid=lf-save]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Saved “phone” as version 2"));
        Assert.Equal(2, Assert.Single(await service.ListAsync(manager, projectId, Ct)).Version);
    }
}
