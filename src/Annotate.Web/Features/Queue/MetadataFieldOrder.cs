using System.Text.Json;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Queue;

/// <summary>
/// The queue order "by a metadata field". The rule, the same on SQLite and PostgreSQL:
/// <list type="bullet">
/// <item>a value written as a JSON number (<c>12</c>, <c>-3.5</c>, <c>1e3</c>; as imported, a text such as "12"
/// counts) sorts as a number, so "9" comes before "10";</item>
/// <item>any other value sorts as text, by character code (case-sensitive: "B" before "a"), after all numbers;</item>
/// <item>a missing, null or blank value comes last;</item>
/// <item>descending reverses numbers and texts (texts first, then numbers) but missing values stay last;</item>
/// <item>ties go by item id (import order), ascending either way.</item>
/// </list>
/// The key is computed in the store (SQLite <c>json_extract</c>/<c>json_type</c>, PostgreSQL <c>-&gt;&gt;</c> and a
/// number pattern), so nothing is loaded to sort.
/// </summary>
public static class MetadataFieldOrder
{
    public const int MaxFieldLength = 200;

    /// <summary>The PostgreSQL pattern of a JSON number (the exponent is capped so that <c>::numeric</c> cannot overflow).</summary>
    private const string NumberPattern = @"^[ \t\r\n]*-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]{1,4})?[ \t\r\n]*$";

    /// <summary>One item's sort key: Rank 0 = number, 1 = text, 2 = missing.</summary>
    public sealed class SortKey
    {
        public long Id { get; set; }

        public int Rank { get; set; }

        public double? Number { get; set; }

        public string? Text { get; set; }
    }

    /// <summary>The ids of <paramref name="eligible"/> in the order of the field (see the rule on the class).</summary>
    public static IQueryable<long> Order(AnnotateDbContext db, IQueryable<Item> eligible, int projectId, string field, bool descending)
    {
        var keyed = eligible.Join(Keys(db, projectId, field), i => i.Id, k => k.Id, (i, k) => k);
        var ordered = descending
            ? keyed.OrderBy(k => k.Rank == 2).ThenByDescending(k => k.Rank).ThenByDescending(k => k.Number).ThenByDescending(k => k.Text).ThenBy(k => k.Id)
            : keyed.OrderBy(k => k.Rank).ThenBy(k => k.Number).ThenBy(k => k.Text).ThenBy(k => k.Id);
        return ordered.Select(k => k.Id);
    }

    /// <summary>The sort key of every item of the project, as a composable query.</summary>
    public static IQueryable<SortKey> Keys(AnnotateDbContext db, int projectId, string field)
    {
        if (db.Database.IsSqlite())
        {
            // json_type tells a JSON number from a text; a text that is itself a JSON number ("12") counts as one.
            var path = "$.\"" + field + "\"";
            return db.Database.SqlQuery<SortKey>($"""
                SELECT "Id", "Rank",
                       CASE WHEN "Rank" = 0 THEN CAST(v AS REAL) END AS "Number",
                       CASE WHEN "Rank" = 1 THEN CASE WHEN t IN ('true', 'false') THEN t ELSE CAST(v AS TEXT) END END AS "Text"
                FROM (SELECT "Id", v, t,
                             CASE WHEN t IS NULL OR t = 'null' THEN 2
                                  WHEN t IN ('integer', 'real') THEN 0
                                  WHEN t <> 'text' THEN 1
                                  WHEN trim(v) = '' THEN 2
                                  WHEN json_valid(v) THEN CASE WHEN json_type(v) IN ('integer', 'real') THEN 0 ELSE 1 END
                                  ELSE 1 END AS "Rank"
                      FROM (SELECT "Id", json_type("MetadataJson", {path}) AS t, json_extract("MetadataJson", {path}) AS v
                            FROM "Items" WHERE "ProjectId" = {projectId}) AS e) AS r
                """);
        }
        // COLLATE "C": character-code order like SQLite's, whatever the database's locale.
        return db.Database.SqlQuery<SortKey>($"""
            SELECT "Id", "Rank",
                   CASE WHEN "Rank" = 0 THEN CAST(v AS numeric) END AS "Number",
                   CASE WHEN "Rank" = 1 THEN v END COLLATE "C" AS "Text"
            FROM (SELECT "Id", v,
                         CASE WHEN v IS NULL OR btrim(v) = '' THEN 2
                              WHEN v ~ {NumberPattern} THEN 0
                              ELSE 1 END AS "Rank"
                  FROM (SELECT "Id", CAST("MetadataJson" AS jsonb) ->> {field} AS v
                        FROM "Items" WHERE "ProjectId" = {projectId}) AS e) AS r
            """);
    }

    /// <summary>
    /// The metadata field names of the project's items, as its imports wrote them: the first item of each import is
    /// read (an import writes the same fields for every row), so this stays cheap on large projects.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FieldsAsync(AnnotateDbContext db, int projectId, CancellationToken cancellationToken)
    {
        var firsts = db.Items.Where(i => i.ProjectId == projectId && i.MetadataJson != null)
            .GroupBy(i => i.ImportJobId).Select(g => g.Min(i => i.Id));
        var documents = await db.Items.Where(i => firsts.Contains(i.Id)).Select(i => i.MetadataJson!).ToListAsync(cancellationToken);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var json in documents)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    names.UnionWith(document.RootElement.EnumerateObject().Select(p => p.Name));
                }
            }
            catch (JsonException)
            {
                // Not an object of fields: nothing to offer from it.
            }
        }
        return [.. names];
    }

    /// <summary>Checks the field of the by-field order and returns it trimmed.</summary>
    /// <exception cref="InputException">No field, an unsafe name, or a field the project's items do not have (named).</exception>
    public static async Task<string> ValidateAsync(AnnotateDbContext db, int projectId, string? field, CancellationToken cancellationToken)
    {
        const string key = nameof(QueueSettings.OrderField);
        var name = field?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw new InputException(key, "Ordering by a metadata field needs the field's name.");
        }
        if (name.Length > MaxFieldLength || name.Any(c => c is '"' or '\\' || char.IsControl(c)))
        {
            throw new InputException(key, $"The metadata field name '{Shorten(name)}' is not allowed: at most {MaxFieldLength} characters, without quotes, backslashes or control characters.");
        }
        if (!await db.Items.AnyAsync(i => i.ProjectId == projectId, cancellationToken))
        {
            // Nothing imported yet: the name cannot be checked, and items imported later are ordered by it.
            return name;
        }
        var fields = await FieldsAsync(db, projectId, cancellationToken);
        if (!fields.Contains(name, StringComparer.Ordinal))
        {
            throw new InputException(key, fields.Count == 0
                ? $"The items of this project have no metadata fields, so they cannot be ordered by '{name}'."
                : $"The items of this project have no metadata field '{name}'; their fields are: {string.Join(", ", fields)}.");
        }
        return name;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
