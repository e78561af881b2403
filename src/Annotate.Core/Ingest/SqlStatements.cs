using System.Diagnostics.CodeAnalysis;

namespace Annotate.Core.Ingest;

/// <summary>
/// Checks that a query is one statement that reads: drivers run every statement of a command text in turn, so
/// "SELECT 1; DELETE FROM t" would be two commands, and statements such as ATTACH, VACUUM INTO or COPY … TO can create
/// files without changing the database. These checks give a clear message before anything runs; the read-only
/// connection is what actually prevents writes (a data-modifying WITH passes here and is refused by the database).
/// </summary>
public static class SqlStatements
{
    /// <summary>The keywords a query may start with (after comments and opening parentheses).</summary>
    public static readonly IReadOnlyList<string> QueryKeywords = ["SELECT", "WITH", "VALUES", "TABLE"];

    /// <summary>
    /// Finds the one statement in <paramref name="sql"/> and checks that it starts like a query: semicolons inside
    /// strings, quoted names and comments do not count, and trailing semicolons, blanks and comments are allowed.
    /// When in doubt (a comment that PostgreSQL would nest) it errs on the side of reporting a second statement.
    /// </summary>
    /// <param name="statement">The statement without its trailing semicolon and surrounding blanks.</param>
    /// <param name="problem">
    /// Why the text is not one query: it is empty, where the second statement begins, or which keyword it starts with.
    /// </param>
    public static bool TryQuery(string? sql, SqlDialect dialect, [NotNullWhen(true)] out string? statement, [NotNullWhen(false)] out string? problem)
    {
        statement = null;
        problem = null;
        sql ??= "";
        int? end = null;
        var hasCode = false;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            int after;
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c == '-' && next == '-')
            {
                after = sql.IndexOf('\n', i);
                i = after < 0 ? sql.Length : after + 1;
                continue;
            }
            if (c == '/' && next == '*')
            {
                // Not nested on purpose: SQLite ends the comment at the first */, and for PostgreSQL ending early can only
                // make more text count as code, never less.
                after = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = after < 0 ? sql.Length : after + 2;
                continue;
            }
            if (c == ';')
            {
                end ??= i;
                i++;
                continue;
            }
            if (end is not null)
            {
                problem = $"The query holds more than one statement: a second one begins at {Position(sql, i)} ('{Excerpt(sql, i)}'). " +
                    "Run a single SELECT.";
                return false;
            }
            hasCode = true;
            i = SkipToken(sql, i, dialect);
        }
        if (!hasCode)
        {
            problem = "The query is empty. Write a SELECT.";
            return false;
        }
        var keyword = FirstKeyword(sql);
        if (!QueryKeywords.Contains(keyword, StringComparer.OrdinalIgnoreCase))
        {
            problem = keyword.Length == 0
                ? "The query must start with SELECT or WITH."
                : $"The query starts with {keyword.ToUpperInvariant()}; an SQL source only reads, so it runs one SELECT (or WITH … SELECT, VALUES, TABLE).";
            return false;
        }
        statement = sql[..(end ?? sql.Length)].Trim();
        return true;
    }

    /// <summary>The first word of code, after blanks, comments and opening parentheses; "" when the code starts otherwise.</summary>
    private static string FirstKeyword(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]) || sql[i] == '(')
            {
                i++;
            }
            else if (sql.AsSpan(i).StartsWith("--"))
            {
                var after = sql.IndexOf('\n', i);
                i = after < 0 ? sql.Length : after + 1;
            }
            else if (sql.AsSpan(i).StartsWith("/*"))
            {
                var after = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = after < 0 ? sql.Length : after + 2;
            }
            else
            {
                break;
            }
        }
        var start = i;
        while (i < sql.Length && char.IsAsciiLetter(sql[i]))
        {
            i++;
        }
        return sql[start..i];
    }

    /// <summary>Skips a string, quoted name or other piece of code starting at <paramref name="i"/>; returns the index after it.</summary>
    private static int SkipToken(string sql, int i, SqlDialect dialect)
    {
        var c = sql[i];
        var postgres = dialect == SqlDialect.PostgreSql;
        switch (c)
        {
            case '\'':
                var escapes = postgres && i > 0 && sql[i - 1] is 'E' or 'e' && (i < 2 || !IsNamePart(sql[i - 2]));
                return SkipQuoted(sql, i, '\'', escapes);
            case '"':
                return SkipQuoted(sql, i, '"', backslashEscapes: false);
            case '`' when !postgres:
                return SkipQuoted(sql, i, '`', backslashEscapes: false);
            case '[' when !postgres:
                var close = sql.IndexOf(']', i + 1);
                return close < 0 ? sql.Length : close + 1;
            case '$' when postgres && (i == 0 || !IsNamePart(sql[i - 1])) && DollarTag(sql, i) is { } tag:
                var closing = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                return closing < 0 ? sql.Length : closing + tag.Length;
            default:
                return i + 1;
        }
    }

    /// <summary>Skips 'text' (doubled quotes inside; backslash escapes in PostgreSQL E'' strings).</summary>
    private static int SkipQuoted(string sql, int i, char quote, bool backslashEscapes)
    {
        var j = i + 1;
        while (j < sql.Length)
        {
            if (backslashEscapes && sql[j] == '\\')
            {
                j += 2;
                continue;
            }
            if (sql[j] == quote)
            {
                if (j + 1 < sql.Length && sql[j + 1] == quote)
                {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        // Unterminated: the database will say so.
        return sql.Length;
    }

    /// <summary>The opening <c>$tag$</c> of a PostgreSQL dollar-quoted string at <paramref name="i"/>, if there is one ($1 is a parameter).</summary>
    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        if (j < sql.Length && char.IsDigit(sql[j]))
        {
            return null;
        }
        while (j < sql.Length && IsNamePart(sql[j]))
        {
            j++;
        }
        return j < sql.Length && sql[j] == '$' ? sql[i..(j + 1)] : null;
    }

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static string Position(string sql, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var k = 0; k < index; k++)
        {
            if (sql[k] == '\n')
            {
                line++;
                lineStart = k + 1;
            }
        }
        return $"line {line}, column {index - lineStart + 1}";
    }

    private static string Excerpt(string sql, int index)
    {
        var rest = sql[index..].ReplaceLineEndings(" ");
        return rest.Length <= 30 ? rest.TrimEnd() : rest[..30].TrimEnd() + "…";
    }
}
