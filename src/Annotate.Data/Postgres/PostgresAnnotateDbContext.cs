using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Annotate.Data.Postgres;

public sealed class PostgresAnnotateDbContext(DbContextOptions<PostgresAnnotateDbContext> options) : AnnotateDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresAnnotateDbContext</c> build the model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAnnotateDbContext>
{
    public PostgresAnnotateDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAnnotateDbContext>().UseNpgsql("Host=localhost;Database=annotate_design").Options);
}
