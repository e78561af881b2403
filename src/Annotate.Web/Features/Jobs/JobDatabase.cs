using Annotate.Data;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Jobs;

/// <summary>Database contexts for background jobs.</summary>
public static class JobDatabase
{
    /// <summary>
    /// How long one statement of a job may take. A job's statements work on whole projects (a COPY of a million rows,
    /// marking duplicates across them, a refit's bulk insert), and on a busy machine such a statement can outlast the
    /// 30 s default that suits a web request; a job is stopped by its cancellation token (Cancel in the UI, app
    /// shutdown), not by a clock.
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Creates a context whose commands may run for <see cref="CommandTimeout"/>.</summary>
    public static async Task<AnnotateDbContext> CreateForJobAsync(this IDbContextFactory<AnnotateDbContext> factory, CancellationToken cancellationToken)
    {
        var db = await factory.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(CommandTimeout);
        return db;
    }
}
