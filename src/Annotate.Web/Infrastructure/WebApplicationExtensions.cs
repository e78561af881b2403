using System.Text.Json;
using Annotate.Data;
using Annotate.Web.Components;
using Annotate.Web.Features.Admin;
using Annotate.Web.Features.Auth;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Imports.WebPages;
using Annotate.Web.Features.Imports.Sql;
using Annotate.Web.Features.Projects;
using Annotate.Web.Realtime;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Microsoft.AspNetCore.Builder;

public static class WebApplicationExtensions
{
    /// <summary>Applies pending migrations (and WAL on SQLite) before the app takes requests.</summary>
    public static async Task MigrateAnnotateDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnnotateDbContext>();
        await AnnotateDatabase.MigrateAsync(db, cancellationToken);
        await AdminService.EnsureAdminRoleAsync(scope.ServiceProvider);
    }

    public static WebApplication UseAnnotateWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", CreateScopeForErrors = true });
        // People get the friendly not-found page; API and hub callers keep the bare status code (and ProblemDetails).
        app.UseWhen(
            context => !WebServiceCollectionExtensions.IsMachineRequest(context.Request),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapAuthEndpoints();
        app.MapProjectEndpoints();
        app.MapAdminEndpoints();
        app.MapImportEndpoints();
        app.MapWebImportEndpoints();
        app.MapSqlImportEndpoints();
        app.MapS3ImportEndpoints();
        Annotate.Web.Features.Queue.QueueEndpoints.MapQueueEndpoints(app);
        Annotate.Web.Features.WeakSupervision.WeakSupervisionEndpoints.MapWeakSupervisionEndpoints(app);
        Annotate.Web.Features.Review.Agreement.AgreementEndpoints.MapAgreementEndpoints(app);
        Annotate.Web.Features.Review.ReviewEndpoints.MapReviewEndpoints(app);
        Annotate.Web.Features.Export.ExportEndpoints.MapExportEndpoints(app);
        app.MapHub<ProgressHub>(ProgressHub.Path).RequireAuthorization();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, JsonSerializerOptions.Web));
    }
}
