using System.Text.Json;
using System.Text.Json.Serialization;
using Annotate.Core.Cleaning;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Cleaning;

/// <summary>A project's cleaning rules: read, changed by Managers, applied by imports.</summary>
public sealed class CleaningService(IDbContextFactory<AnnotateDbContext> dbFactory, ProjectAccessService access)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<CleaningOptions> GetAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        return (await LoadAsync(projectId, cancellationToken)).Settings;
    }

    /// <exception cref="InputException">A limit is negative, a minimum exceeds its maximum, or the threshold is outside (0, 1].</exception>
    public async Task<CleaningOptions> SaveAsync(Caller caller, int projectId, CleaningOptions settings, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        Validate(settings);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Projects.Where(p => p.Id == projectId)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.CleaningJson, JsonSerializer.Serialize(settings, Json)), cancellationToken);
        return settings;
    }

    /// <summary>The rules as the import and cleaning jobs apply them (no rights check: jobs were checked when queued).</summary>
    internal async Task<ProjectCleaning> LoadAsync(int projectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.Projects.Where(p => p.Id == projectId).Select(p => p.CleaningJson).SingleOrDefaultAsync(cancellationToken);
        var settings = string.IsNullOrEmpty(json) ? ProjectCleaning.Defaults : JsonSerializer.Deserialize<CleaningOptions>(json, Json) ?? ProjectCleaning.Defaults;
        return new ProjectCleaning(settings);
    }

    private static void Validate(CleaningOptions s)
    {
        try
        {
            s.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InputException(e.ParamName ?? "Cleaning", e.Message.Split(" (Parameter")[0]);
        }
    }
}
