using Annotate.Core.Ingest;

namespace Annotate.Core.Tests.Ingest;

public class SqlStatementsTests
{
    [Theory]
    [InlineData("SELECT 1", "SELECT 1")]
    [InlineData("  SELECT 1 ;  ", "SELECT 1")]
    [InlineData("SELECT 1;;\n-- done\n/* really */ ;", "SELECT 1")]
    [InlineData("SELECT 'a;b' AS x", "SELECT 'a;b' AS x")]
    [InlineData("SELECT 'it''s; fine'", "SELECT 'it''s; fine'")]
    [InlineData("SELECT \"odd;name\" FROM t", "SELECT \"odd;name\" FROM t")]
    [InlineData("SELECT [a;b], `c;d` FROM t", "SELECT [a;b], `c;d` FROM t")]
    [InlineData("SELECT 1 -- trailing; comment", "SELECT 1 -- trailing; comment")]
    [InlineData("SELECT /* ; */ 1", "SELECT /* ; */ 1")]
    [InlineData("WITH r AS (SELECT 1 AS x)\nSELECT x FROM r;", "WITH r AS (SELECT 1 AS x)\nSELECT x FROM r")]
    public void OneSqliteStatementIsReturnedWithoutItsTerminator(string sql, string expected)
    {
        Assert.True(SqlStatements.TryQuery(sql, SqlDialect.Sqlite, out var statement, out var problem), problem);
        Assert.Equal(expected, statement);
    }

    [Theory]
    [InlineData("SELECT $$a;b$$", "SELECT $$a;b$$")]
    [InlineData("SELECT $body$ it's; $x$ $body$;", "SELECT $body$ it's; $x$ $body$")]
    [InlineData("SELECT E'it\\'s; fine'", "SELECT E'it\\'s; fine'")]
    [InlineData("SELECT id FROM t WHERE id = $1", "SELECT id FROM t WHERE id = $1")]
    public void PostgresDollarQuotesAndEscapeStringsHideTheirSemicolons(string sql, string expected)
    {
        Assert.True(SqlStatements.TryQuery(sql, SqlDialect.PostgreSql, out var statement, out var problem), problem);
        Assert.Equal(expected, statement);
    }

    [Theory]
    [InlineData("SELECT 1; DELETE FROM t", SqlDialect.Sqlite, "line 1, column 11", "DELETE FROM t")]
    [InlineData("SELECT 1;\n\n  DROP TABLE t;", SqlDialect.PostgreSql, "line 3, column 3", "DROP TABLE t;")]
    [InlineData("SELECT 'a'';'; ATTACH 'x.db' AS x", SqlDialect.Sqlite, "column 16", "ATTACH")]
    [InlineData("SELECT 1 /* a */; /* b */ PRAGMA query_only = OFF", SqlDialect.Sqlite, "column 27", "PRAGMA query_only = OFF")]
    // Backslashes do not escape in standard strings: the string ends at the second quote.
    [InlineData("SELECT 'a\\'; DELETE FROM t; --'", SqlDialect.PostgreSql, "column 14", "DELETE")]
    // [x] is no quoting in PostgreSQL, so its semicolon counts.
    [InlineData("SELECT a[1;2]", SqlDialect.PostgreSql, "column 12", "2]")]
    // PostgreSQL would nest this comment; ending it at the first */ errs on the side of refusing.
    [InlineData("SELECT 1 /* a /* b */ ; x */", SqlDialect.PostgreSql, "column 25", "x */")]
    public void ASecondStatementIsRefusedWithWhereItBegins(string sql, SqlDialect dialect, string position, string excerpt)
    {
        Assert.False(SqlStatements.TryQuery(sql, dialect, out var statement, out var problem));
        Assert.Null(statement);
        Assert.Contains("more than one statement", problem);
        Assert.Contains(position, problem);
        Assert.Contains(excerpt, problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData(";")]
    [InlineData("-- just a comment")]
    [InlineData("/* nothing */ ;")]
    [InlineData(null)]
    public void AnEmptyQueryIsRefused(string? sql)
    {
        Assert.False(SqlStatements.TryQuery(sql, SqlDialect.Sqlite, out _, out var problem));
        Assert.Equal("The query is empty. Write a SELECT.", problem);
    }

    [Theory]
    [InlineData("DELETE FROM t", "starts with DELETE")]
    [InlineData("  drop table t;", "starts with DROP")]
    [InlineData("INSERT INTO t VALUES (1) RETURNING *", "starts with INSERT")]
    [InlineData("-- looks harmless\nATTACH DATABASE 'x.db' AS x", "starts with ATTACH")]
    [InlineData("/* */ VACUUM INTO '/tmp/copy.db'", "starts with VACUUM")]
    [InlineData("PRAGMA query_only = OFF", "starts with PRAGMA")]
    [InlineData("COPY t TO '/tmp/t.csv'", "starts with COPY")]
    [InlineData("SELECTED", "starts with SELECTED")]
    [InlineData("'text'", "must start with SELECT or WITH")]
    public void AStatementThatIsNotAQueryIsRefusedByItsKeyword(string sql, string fragment)
    {
        Assert.False(SqlStatements.TryQuery(sql, SqlDialect.PostgreSql, out _, out var problem));
        Assert.Contains(fragment, problem);
    }

    [Theory]
    [InlineData("select 1")]
    [InlineData("((SELECT 1) UNION (SELECT 2))")]
    [InlineData("/* recent */ WITH r AS (SELECT 1) SELECT * FROM r")]
    [InlineData("VALUES (1, 'a'), (2, 'b')")]
    [InlineData("TABLE comments")]
    // Passes here; the read-only transaction refuses it.
    [InlineData("WITH gone AS (DELETE FROM t RETURNING id) SELECT id FROM gone")]
    public void QueriesStartWithAQueryKeyword(string sql) =>
        Assert.True(SqlStatements.TryQuery(sql, SqlDialect.PostgreSql, out _, out var problem), problem);

    [Fact]
    public void AnUnterminatedStringIsLeftForTheDatabaseToReport()
    {
        Assert.True(SqlStatements.TryQuery("SELECT 'open; DELETE FROM t", SqlDialect.Sqlite, out var statement, out _));
        Assert.Equal("SELECT 'open; DELETE FROM t", statement);
    }
}
