using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Annotate.Data.Sqlite;

public sealed class SqliteAnnotateDbContext(DbContextOptions<SqliteAnnotateDbContext> options) : AnnotateDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteAnnotateDbContext</c> build the model without the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAnnotateDbContext>
{
    public SqliteAnnotateDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAnnotateDbContext>().UseSqlite("Data Source=design.db").Options);
}
