using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Labeling;

/// <summary>A label schema as one version of it.</summary>
public sealed record SchemaDto(int Version, LabelSchema Schema, DateTime? SavedAt);

/// <summary>
/// The project's label schema. Every save is a new version; labels and questions left out of an edit are retired, not
/// deleted, so answers given under an older version still resolve.
/// </summary>
public sealed class SchemaService(IDbContextFactory<AnnotateDbContext> dbFactory, ProjectAccessService access, TimeProvider time)
{
    /// <summary>The current schema (version 0 and no question when none was saved yet). Any member may read it.</summary>
    public async Task<SchemaDto> GetAsync(Caller caller, int projectId, CancellationToken cancellationToken)
    {
        await access.GetRolesAsync(caller, projectId, cancellationToken);
        return await LoadAsync(projectId, cancellationToken);
    }

    /// <exception cref="InputException">The schema breaks a rule; the message lists every problem with its question and label.</exception>
    public async Task<SchemaDto> SaveAsync(Caller caller, int projectId, LabelSchema edited, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, ProjectRoles.Manager, cancellationToken);
        ArgumentNullException.ThrowIfNull(edited);
        var problems = (edited with { Questions = edited.Questions ?? [] }).Problems();
        if (problems.Count > 0)
        {
            throw new InputException("Schema", string.Join(" ", problems));
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await LoadAsync(projectId, cancellationToken);
        if (current.Schema.EvolveProblems(edited) is { Count: > 0 } reused)
        {
            throw new InputException("Schema", string.Join(" ", reused));
        }
        var next = current.Version == 0 ? edited : current.Schema.Evolve(edited);
        var row = new LabelSchemaVersion
        {
            ProjectId = projectId,
            Version = current.Version + 1,
            DefinitionJson = LabelingJson.Serialize(next),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedById = caller.UserId,
        };
        db.LabelSchemas.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("Someone else saved the schema at the same time; reload it and apply your change again.");
        }
        return new SchemaDto(row.Version, next, row.CreatedAt);
    }

    /// <summary>The current schema, without an access check (for services that have checked already).</summary>
    internal async Task<SchemaDto> LoadAsync(int projectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.LabelSchemas.AsNoTracking().Where(s => s.ProjectId == projectId).OrderByDescending(s => s.Version).FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? new SchemaDto(0, LabelSchema.Empty, null)
            : new SchemaDto(row.Version, LabelingJson.Deserialize<LabelSchema>(row.DefinitionJson), row.CreatedAt);
    }
}
