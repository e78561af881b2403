using Microsoft.EntityFrameworkCore;

namespace Annotate.Data;

public static class AnnotateDatabase
{
    /// <summary>
    /// Brings the store to the current schema. On SQLite it also switches the file to write-ahead logging, so readers
    /// never wait for a writer (the setting is kept in the file).
    /// </summary>
    public static async Task MigrateAsync(AnnotateDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            var path = db.Database.GetDbConnection().DataSource;
            var folder = string.IsNullOrEmpty(path) ? null : Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            return;
        }
        await db.Database.MigrateAsync(cancellationToken);
    }
}
