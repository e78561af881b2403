using Annotate.Core.Labeling;
using Annotate.Core.WeakSupervision;
using Annotate.Data;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.WeakSupervision;

/// <summary>A labeling function that is a column of a stored label matrix.</summary>
public sealed record MatrixFunction(int FunctionId, string Name, int VersionId, int Version);

/// <summary>
/// One question's label matrix as stored: the columns are the enabled functions' current versions that have been
/// applied (in function order), the rows the project's usable items (in id order), the classes the question's active
/// labels in schema order.
/// </summary>
/// <param name="LeftOut">Enabled functions of the question that are not columns, with the reason.</param>
public sealed record QuestionVotes(
    QuestionDefinition Question,
    IReadOnlyList<LabelDefinition> Classes,
    IReadOnlyList<MatrixFunction> Functions,
    long[] ItemIds,
    LabelMatrix Matrix,
    IReadOnlyList<string> LeftOut)
{
    /// <summary>The row of an item, or −1 when it is not a usable item of the matrix.</summary>
    public int RowOf(long itemId) => Math.Max(-1, Array.BinarySearch(ItemIds, itemId));
}

/// <summary>Reads the stored votes (<c>LfVotes</c>) into label matrices, for the fit job and the LF analysis.</summary>
internal static class StoredVotes
{
    /// <summary>
    /// The matrix of every single-label question that has enabled functions (or only of <paramref name="questionKey"/>).
    /// A function whose current version was never applied, or was stopped (a regular expression ran out of time), has
    /// no complete votes and is left out; votes for a label the schema has retired since are ignored.
    /// </summary>
    public static async Task<List<QuestionVotes>> LoadAsync(AnnotateDbContext db, int projectId, LabelSchema schema, string? questionKey,
        CancellationToken cancellationToken)
    {
        var functions = await db.LabelingFunctions.AsNoTracking()
            .Where(f => f.ProjectId == projectId && f.Enabled && (questionKey == null || f.QuestionKey == questionKey))
            .OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.Name, f.QuestionKey, Current = f.Versions.Single(v => v.Version == f.CurrentVersion) })
            .ToListAsync(cancellationToken);
        var result = new List<QuestionVotes>();
        long[]? itemIds = null;
        foreach (var group in functions.GroupBy(f => f.QuestionKey).OrderBy(g => schema.Questions.ToList().FindIndex(q => q.Key == g.Key)))
        {
            var question = schema.Find(group.Key);
            var classes = question?.ActiveLabels.ToList() ?? [];
            if (question is not { Kind: QuestionKind.Single } || classes.Count < 2)
            {
                continue;
            }
            var columns = new List<MatrixFunction>();
            var leftOut = new List<string>();
            foreach (var f in group)
            {
                if (f.Current.Error is not null)
                {
                    leftOut.Add($"{f.Name} (stopped: {f.Current.Error})");
                }
                else if (f.Current.AppliedThroughItemId is null)
                {
                    leftOut.Add($"{f.Name} (not applied yet)");
                }
                else
                {
                    columns.Add(new MatrixFunction(f.Id, f.Name, f.Current.Id, f.Current.Version));
                }
            }
            itemIds ??= await LabelingFunctionService.Usable(db, projectId).OrderBy(i => i.Id).Select(i => i.Id).ToArrayAsync(cancellationToken);
            var matrix = await BuildAsync(db, projectId, columns, classes, itemIds, cancellationToken);
            result.Add(new QuestionVotes(question, classes, columns, itemIds, matrix, leftOut));
        }
        return result;
    }

    private static async Task<LabelMatrix> BuildAsync(AnnotateDbContext db, int projectId, IReadOnlyList<MatrixFunction> columns,
        IReadOnlyList<LabelDefinition> classes, long[] itemIds, CancellationToken cancellationToken)
    {
        var builder = new LabelMatrixBuilder(columns.Count, classes.Count);
        builder.EnsureItemCount(itemIds.Length);
        if (columns.Count == 0)
        {
            return builder.Build();
        }
        var columnOf = columns.Select((c, i) => (c.VersionId, i)).ToDictionary(c => c.VersionId, c => c.i);
        var classOf = classes.Select((c, i) => (c.Key, i)).ToDictionary(c => c.Key, c => c.i, StringComparer.Ordinal);
        var versionIds = columnOf.Keys.ToList();
        var votes = db.LfVotes.AsNoTracking()
            .Where(v => v.ProjectId == projectId && versionIds.Contains(v.FunctionVersionId))
            .Select(v => new { v.FunctionVersionId, v.ItemId, v.Label })
            .AsAsyncEnumerable();
        await foreach (var vote in votes.WithCancellation(cancellationToken))
        {
            var row = Array.BinarySearch(itemIds, vote.ItemId);
            if (row >= 0 && classOf.TryGetValue(vote.Label, out var label))
            {
                builder.Add(row, columnOf[vote.FunctionVersionId], label);
            }
        }
        return builder.Build();
    }
}
