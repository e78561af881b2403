using System.Text.Json.Serialization;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Components.Account;
using Annotate.Web.Features.Admin;
using Annotate.Web.Features.Cleaning;
using Annotate.Web.Features.Imports;
using Annotate.Web.Features.Imports.WebPages;
using Annotate.Web.Features.Imports.Sql;
using Annotate.Web.Features.Items;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Statistics;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace Microsoft.Extensions.DependencyInjection;

public static class WebServiceCollectionExtensions
{
    /// <summary>Everything the web app needs: store, Identity, Blazor, MudBlazor, SignalR, jobs and the features.</summary>
    public static IHostApplicationBuilder AddAnnotateWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AnnotateOptions>().BindConfiguration(AnnotateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName);
        services.AddOptions<WebFetchOptions>().BindConfiguration(WebFetchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SqlConnectionsOptions>().BindConfiguration(SqlConnectionsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SqlConnectionsOptions>, SqlConnectionsValidation>();

        services.AddSingleton(new AnnotatePaths(DataDirectory(builder)));
        builder.AddAnnotateStore();
        builder.AddAnnotateIdentity();
        // Sign-in cookies stay valid across restarts: the keys live in the data folder, not in memory.
        services.AddDataProtection()
            .SetApplicationName("Annotate")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DataDirectory(builder), "keys")));

        // A pasted list of URLs reaches the server as one message; SignalR's default limit is 32 KB.
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(o => o.MaximumReceiveMessageSize = 512 * 1024);
        services.AddMudServices(c =>
        {
            c.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            c.SnackbarConfiguration.PreventDuplicates = false;
            c.SnackbarConfiguration.VisibleStateDuration = 3000;
            c.SnackbarConfiguration.MaxDisplayedSnackbars = 3;
        });
        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddHealthChecks().AddDbContextCheck<AnnotateDbContext>("database");

        services.AddAnnotateFeatures();
        services.AddHostedService<ProgressHubBridge>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        return builder;
    }

    /// <summary>
    /// The feature services (projects, admin, statistics, jobs, live events) without any hosting: the web app and the
    /// component tests both register them this way.
    /// </summary>
    public static IServiceCollection AddAnnotateFeatures(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ProjectEventBus>();
        services.AddScoped<ProjectEventsClient>();
        services.AddSingleton<ProjectAccessService>();
        services.AddSingleton<ProjectService>();
        services.AddSingleton<AdminService>();
        services.AddSingleton<StatisticsService>();
        services.AddSingleton<ItemService>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<CleaningService>();
        services.AddSingleton<ImportRunner>();
        services.AddSingleton<IJobHandler, FileImportJob>();
        services.AddSingleton<SafeHttpFetcher>().AddSingleton<WebImportService>().AddSingleton<IJobHandler, WebImportJob>();
        services.AddSingleton<SqlImportService>();
        services.AddSingleton<IJobHandler, SqlImportJob>();
        services.AddSingleton<S3Connections>();
        services.AddSingleton<S3ImportService>();
        services.AddSingleton<IJobHandler, S3ImportJob>();
        services.AddSingleton<IJobHandler, NearDuplicateJob>();
        services.AddSingleton<IJobHandler, RecleanJob>();
        services.AddSingleton<Annotate.Web.Features.Labeling.SchemaService>();
        services.AddSingleton<Annotate.Web.Features.Queue.QueueService>();
        services.AddSingleton<Annotate.Web.Features.WeakSupervision.LabelingFunctionService>();
        services.AddSingleton<IJobHandler, Annotate.Web.Features.WeakSupervision.ApplyFunctionsJob>();
        services.AddSingleton<Annotate.Web.Features.WeakSupervision.WeakSupervisionService>();
        services.AddSingleton<IJobHandler, Annotate.Web.Features.WeakSupervision.FitLabelModelJob>();
        services.AddSingleton<Annotate.Web.Features.Queue.Dashboard.QueueDashboardService>();
        services.AddSingleton<Annotate.Web.Features.Review.Agreement.AgreementService>();
        services.AddSingleton<Annotate.Web.Features.Review.ReviewRoutingService>();
        services.AddSingleton<Annotate.Web.Features.Review.ReviewService>();
        services.AddSingleton<Annotate.Web.Features.Review.FinalLabelService>();
        services.AddSingleton<Annotate.Web.Features.Review.GoldService>();
        // The agreement figures score annotators against these, in this order (reviewed labels, then gold).
        services.AddSingleton<Annotate.Web.Features.Review.Agreement.IAgreementReference, Annotate.Web.Features.Review.Agreement.ReviewedLabelsReference>();
        services.AddSingleton<Annotate.Web.Features.Review.Agreement.IAgreementReference, Annotate.Web.Features.Review.Agreement.GoldAnswersReference>();
        services.AddSingleton<Annotate.Web.Features.Export.ExportItemReader>();
        services.AddSingleton<Annotate.Web.Features.Export.ExportService>();
        services.AddSingleton<IJobHandler, Annotate.Web.Features.Export.ExportJob>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobHandlers>();
        services.AddSingleton<JobService>();
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<IJobHandler, StatisticsRecountJob>();
        return services;
    }

    /// <summary>SQLite in the data folder by default; PostgreSQL when <c>Database:Provider</c> says so.</summary>
    private static void AddAnnotateStore(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var providerName = config[$"{DatabaseOptions.SectionName}:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException($"Database:Provider is '{providerName}'; it must be Sqlite or Postgres.");
        }
        var connectionString = config.GetConnectionString("Annotate");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Annotate is empty. " +
                    "Set it, e.g. ConnectionStrings__Annotate=\"Host=localhost;Database=annotate;Username=annotate;Password=…\".");
            }
            var dataDirectory = DataDirectory(builder);
            Directory.CreateDirectory(dataDirectory);
            connectionString = $"Data Source={Path.Combine(dataDirectory, "annotate.db")};Default Timeout=30;Pooling=True";
        }
        builder.Services.AddAnnotateData(provider, connectionString);
        builder.Services.AddSingleton(new StoreWriteGate(provider));
    }

    /// <summary>The data folder: <c>Annotate:DataDirectory</c>, relative to the content root unless absolute.</summary>
    public static string DataDirectory(IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"{AnnotateOptions.SectionName}:DataDirectory"];
        var folder = string.IsNullOrWhiteSpace(configured) ? "data" : configured;
        return Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, folder));
    }

    private static void AddAnnotateIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ProjectMemberRequirement.Policy, p => p.RequireAuthenticatedUser().AddRequirements(new ProjectMemberRequirement()));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ProjectMemberHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProjectAuthorizationResultHandler>();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = false;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AnnotateDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        // Disabling a user or changing their Admin role changes the security stamp; sessions notice within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Events.OnRedirectToLogin = context => RespondOrRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => RespondOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.AddSingleton<IEmailSender<AppUser>, IdentityNoOpEmailSender>();
    }

    /// <summary>API and hub callers get a status code; people in a browser get the login page.</summary>
    private static Task RespondOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsMachineRequest(context.Request))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsMachineRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/health");
}
