using Annotate.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Annotate.E2E.TestSupport;

/// <summary>
/// Puts many items into a project fast: raw SQL on the app's own SQLite connection, in one transaction, where EF change
/// tracking would take a minute for 300,000 rows.
/// </summary>
public static class ItemSeeder
{
    private const string Sentence = "The delivery was late but support was helpful.";

    // Mostly short texts with a tail of longer ones (14 to 383 characters), so the length histogram has several bars.
    private static readonly string[] Texts =
    [
        "Refund please.",
        "Great product, would buy again.",
        Sentence, Sentence, Sentence,
        Repeat(2), Repeat(2), Repeat(2),
        Repeat(4), Repeat(4),
        Repeat(8),
    ];

    public static async Task SeedAsync(AnnotateApp app, int projectId, int count, CancellationToken cancellationToken)
    {
        await using var db = await app.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsSqlite())
        {
            throw new InvalidOperationException("ItemSeeder writes raw SQLite SQL; the E2E app runs on SQLite.");
        }
        var table = db.Model.FindEntityType(typeof(Item))?.GetTableName() ?? throw new InvalidOperationException("Item is not mapped.");
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        // One statement generates every row inside SQLite (a recursive counter joined to the sample texts), which is
        // several times faster than a prepared INSERT executed per row.
        var texts = string.Join(", ", Texts.Select((_, i) => $"({i}, $text{i})"));
        insert.CommandText =
            $"""
             WITH RECURSIVE counter(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM counter WHERE n + 1 < $count),
                  sample(k, body) AS (VALUES {texts})
             INSERT INTO "{table}" ("{nameof(Item.ProjectId)}", "{nameof(Item.Text)}", "{nameof(Item.PiiFlags)}", "{nameof(Item.Status)}", "{nameof(Item.CreatedAt)}")
             SELECT $project, sample.body, 0, {(int)ItemStatus.Active}, $created
             FROM counter JOIN sample ON sample.k = counter.n % {Texts.Length}
             ORDER BY counter.n
             """;
        insert.Parameters.AddWithValue("$count", count);
        insert.Parameters.AddWithValue("$project", projectId);
        insert.Parameters.AddWithValue("$created", DateTime.UtcNow);
        for (var i = 0; i < Texts.Length; i++)
        {
            insert.Parameters.AddWithValue($"$text{i}", Texts[i]);
        }
        insert.CommandTimeout = 120;
        var inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        if (inserted != count)
        {
            throw new InvalidOperationException($"Expected to insert {count} items, inserted {inserted}.");
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static string Repeat(int times) => string.Join(' ', Enumerable.Repeat(Sentence, times));
}
