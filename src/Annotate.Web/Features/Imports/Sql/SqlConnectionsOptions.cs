namespace Annotate.Web.Features.Imports.Sql;

/// <summary>
/// The <c>Annotate:SqlConnections</c> section: the databases Managers may import from, by name. Admins configure
/// them (appsettings.json or environment variables); Managers pick a name and never see the connection string.
/// </summary>
public sealed class SqlConnectionsOptions : Dictionary<string, SqlConnectionOptions>
{
    public const string SectionName = "Annotate:SqlConnections";

    public SqlConnectionsOptions()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }
}
