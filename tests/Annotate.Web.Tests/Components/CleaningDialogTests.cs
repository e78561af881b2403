using Annotate.Core.Cleaning;
using Annotate.Core.Projects;
using Annotate.Web.Features.Cleaning;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Annotate.Web.Tests.Components;

public class CleaningDialogTests : ComponentTestContext
{
    [Fact]
    public async Task ShowsTheProjectsRulesAndSavesWhatWasChanged()
    {
        var manager = await AddUserAsync("m@example.test");
        var project = await AddProjectAsync("Clean", (manager, ProjectRoles.Manager));
        SignIn(manager);
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();

        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<CleaningDialog>("Cleaning rules",
            new DialogParameters<CleaningDialog> { { d => d.ProjectId, project.Id } }));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid=cleaning-save]")));
        Assert.Contains("Mask with [EMAIL]", provider.Find("[data-testid=cleaning-pii]").ParentElement!.InnerHtml);

        // Turn normalisation off (the first switch), keep the rest.
        await provider.FindAll("input[type=checkbox]")[0].ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = false });
        await provider.Find("[data-testid=cleaning-save]").ClickAsync(new());
        var result = await reference!.Result;

        Assert.False(result!.Canceled);
        var saved = await Services.GetRequiredService<CleaningService>().GetAsync(new Caller(manager.Id, false), project.Id, Ct);
        Assert.False(saved.Normalize);
        Assert.Equal(PiiHandling.Mask, saved.Pii);
        Assert.Equal(DedupeMode.Near, saved.Dedupe);
        Assert.True(saved.KeepOriginal);
    }
}
