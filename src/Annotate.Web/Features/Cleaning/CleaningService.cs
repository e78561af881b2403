using System.Text.Json;
using System.Text.Json.Serialization;
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

    public async Task<CleaningSettings> GetAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        return (await LoadAsync(projectId, cancellationToken)).Settings;
    }

    /// <exception cref="InputException">A limit is negative, a minimum exceeds its maximum, or the threshold is outside (0, 1].</exception>
    public async Task<CleaningSettings> SaveAsync(Caller caller, int projectId, CleaningSettings settings, CancellationToken cancellationToken)
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
        var settings = string.IsNullOrEmpty(json) ? CleaningSettings.Default : JsonSerializer.Deserialize<CleaningSettings>(json, Json) ?? CleaningSettings.Default;
        return new ProjectCleaning(settings);
    }

    private static void Validate(CleaningSettings s)
    {
        static void NotNegative(int? value, string field)
        {
            if (value < 0)
            {
                throw new InputException(field, $"{field} cannot be negative.");
            }
        }
        NotNegative(s.MinChars, nameof(s.MinChars));
        NotNegative(s.MaxChars, nameof(s.MaxChars));
        NotNegative(s.MinTokens, nameof(s.MinTokens));
        NotNegative(s.MaxTokens, nameof(s.MaxTokens));
        if (s.MinChars > s.MaxChars)
        {
            throw new InputException(nameof(s.MinChars), $"The minimum length ({s.MinChars}) is above the maximum ({s.MaxChars}).");
        }
        if (s.MinTokens > s.MaxTokens)
        {
            throw new InputException(nameof(s.MinTokens), $"The minimum token count ({s.MinTokens}) is above the maximum ({s.MaxTokens}).");
        }
        if (!(s.NearThreshold > 0 && s.NearThreshold <= 1))
        {
            throw new InputException(nameof(s.NearThreshold), "The near-duplicate threshold is a Jaccard similarity in (0, 1].");
        }
    }
}
