using Annotate.Data;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>The app configured with the <see cref="SqlSourceDatabases"/> as its SQL connections.</summary>
public abstract class SqlSourceWebFactory(DatabaseProvider provider) : AnnotateWebFactory(provider)
{
    private SqlSourceDatabases? sources;

    public SqlSourceDatabases Sources => sources ?? throw new InvalidOperationException("The source databases are not created yet.");

    protected override async ValueTask PrepareAsync() => sources = await SqlSourceDatabases.CreateAsync();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Sources.Settings;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (sources is not null)
        {
            await sources.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteSqlSourceWebFactory() : SqlSourceWebFactory(DatabaseProvider.Sqlite);

public sealed class PostgresSqlSourceWebFactory() : SqlSourceWebFactory(DatabaseProvider.Postgres);
