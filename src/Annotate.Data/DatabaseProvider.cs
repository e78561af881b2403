namespace Annotate.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
