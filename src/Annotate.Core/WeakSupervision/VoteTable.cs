using System.Globalization;
using System.Text.Json;
using Annotate.Core.Ingest;

namespace Annotate.Core.WeakSupervision;

/// <summary>
/// LF votes read from a file, before the number of classes is fixed: item ids, LF names, raw votes and, where the
/// file has them, true labels. <see cref="ToMatrix"/> turns it into a <see cref="LabelMatrix"/>.
/// </summary>
/// <remarks>
/// Two layouts are read (<see cref="ReadAsync"/>):
/// <list type="bullet">
/// <item><description>WRENCH JSON: an object of items, each <c>{"label": int, "weak_labels": [int, …], "data": …}</c>;
/// the key is the id, −1 is abstain, <c>label</c> may be missing or null (unknown), <c>data</c> is ignored.</description></item>
/// <item><description>CSV or TSV with a header: every column is an LF except <c>label</c> (the true class; empty when
/// unknown) and <c>id</c>; a vote is an integer, −1 or an empty field meaning abstain.</description></item>
/// </list>
/// Anything else is an <see cref="IngestException"/> naming the row and field.
/// </remarks>
public sealed class VoteTable
{
    private readonly List<string> ids;
    private readonly List<int> gold;
    private readonly List<int> rowStarts;
    private readonly List<int> lfs;
    private readonly List<int> labels;

    private VoteTable(List<string> ids, IReadOnlyList<string> lfNames, List<int> gold, bool hasGold, List<int> rowStarts, List<int> lfs, List<int> labels)
    {
        this.ids = ids;
        LfNames = lfNames;
        this.gold = gold;
        HasGold = hasGold;
        this.rowStarts = rowStarts;
        this.lfs = lfs;
        this.labels = labels;
    }

    /// <summary>Number of items.</summary>
    public int ItemCount => ids.Count;

    /// <summary>Item ids: the WRENCH key, the CSV <c>id</c> column, or the CSV row number.</summary>
    public IReadOnlyList<string> Ids => ids;

    /// <summary>LF names: the CSV columns, or <c>weak_labels[j]</c> for WRENCH.</summary>
    public IReadOnlyList<string> LfNames { get; }

    /// <summary>True labels, −1 where unknown.</summary>
    public IReadOnlyList<int> Gold => gold;

    /// <summary>True when the file has a label column (or WRENCH labels), even if some are unknown.</summary>
    public bool HasGold { get; }

    /// <summary>The largest class index in a vote or a true label, −1 when there is none.</summary>
    public int MaxClass
    {
        get
        {
            var max = -1;
            foreach (var label in labels)
            {
                max = Math.Max(max, label);
            }
            foreach (var label in gold)
            {
                max = Math.Max(max, label);
            }
            return max;
        }
    }

    /// <summary>The votes as a matrix with <paramref name="classCount"/> classes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is under 2.</exception>
    /// <exception cref="IngestException">A vote or a true label is not below <paramref name="classCount"/>; the
    /// message names the first such row and field.</exception>
    public LabelMatrix ToMatrix(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var builder = new LabelMatrixBuilder(LfNames.Count, classCount);
        for (var i = 0; i < ItemCount; i++)
        {
            if (gold[i] >= classCount)
            {
                throw OutOfRange(i, "label", gold[i], classCount);
            }
            for (var v = rowStarts[i]; v < rowStarts[i + 1]; v++)
            {
                if (labels[v] >= classCount)
                {
                    throw OutOfRange(i, LfNames[lfs[v]], labels[v], classCount);
                }
                builder.Add(i, lfs[v], labels[v]);
            }
        }
        builder.EnsureItemCount(ItemCount);
        return builder.Build();
    }

    private IngestException OutOfRange(int item, string field, int value, int classCount) => new(
        $"Row {item + 1} (id \"{ids[item]}\"), field '{field}': {value} is not one of the {classCount} classes (0–{classCount - 1}).",
        item + 1, field);

    /// <summary>Reads a vote file: WRENCH JSON for <see cref="SourceFormat.Json"/>, else a table (CSV, TSV).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IngestException">The file is not a vote file of that layout; the message names the row and field.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<VoteTable> ReadAsync(Stream stream, SourceFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return format switch
        {
            SourceFormat.Json => await ReadWrenchAsync(stream, cancellationToken).ConfigureAwait(false),
            SourceFormat.Csv or SourceFormat.Tsv => await ReadTableAsync(stream, format, cancellationToken).ConfigureAwait(false),
            _ => throw new IngestException($"Votes are read from WRENCH JSON (.json) or CSV/TSV files, not {format}."),
        };
    }

    private static async Task<VoteTable> ReadWrenchAsync(Stream stream, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new IngestException($"The file is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e.LineNumber + 1, null, e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new IngestException("A WRENCH file is one JSON object of items (\"0\": {\"label\": …, \"weak_labels\": […]}, …).");
            }
            var ids = new List<string>();
            var gold = new List<int>();
            var rowStarts = new List<int> { 0 };
            var lfs = new List<int>();
            var labels = new List<int>();
            var hasGold = false;
            var lfCount = -1;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var row = ids.Count + 1;
                var id = property.Name;
                var where = $"Row {row} (id \"{id}\")";
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new IngestException($"{where}: an item must be an object with 'weak_labels'.", row, null);
                }
                if (!property.Value.TryGetProperty("weak_labels", out var votes) || votes.ValueKind != JsonValueKind.Array)
                {
                    throw new IngestException($"{where}, field 'weak_labels': missing or not an array of votes.", row, "weak_labels");
                }
                var count = votes.GetArrayLength();
                if (lfCount < 0)
                {
                    lfCount = count;
                }
                else if (count != lfCount)
                {
                    throw new IngestException($"{where}, field 'weak_labels': {count} votes; the first item has {lfCount}.", row, "weak_labels");
                }
                var lf = 0;
                foreach (var vote in votes.EnumerateArray())
                {
                    var field = $"weak_labels[{lf}]";
                    if (vote.ValueKind != JsonValueKind.Number || !vote.TryGetInt32(out var value) || value < -1)
                    {
                        throw new IngestException($"{where}, field '{field}': {vote.GetRawText()} is not a vote (a class index, or −1 to abstain).", row, field);
                    }
                    if (value >= 0)
                    {
                        lfs.Add(lf);
                        labels.Add(value);
                    }
                    lf++;
                }
                var label = -1;
                if (property.Value.TryGetProperty("label", out var labelElement) && labelElement.ValueKind != JsonValueKind.Null)
                {
                    if (labelElement.ValueKind != JsonValueKind.Number || !labelElement.TryGetInt32(out label) || label < -1)
                    {
                        throw new IngestException($"{where}, field 'label': {labelElement.GetRawText()} is not a class index (or −1 when unknown).", row, "label");
                    }
                    hasGold |= label >= 0;
                }
                ids.Add(id);
                gold.Add(label);
                rowStarts.Add(lfs.Count);
            }
            if (ids.Count == 0)
            {
                throw new IngestException("The WRENCH file has no items.");
            }
            var names = Enumerable.Range(0, lfCount).Select(j => $"weak_labels[{j}]").ToArray();
            return new VoteTable(ids, names, gold, hasGold, rowStarts, lfs, labels);
        }
    }

    private static async Task<VoteTable> ReadTableAsync(Stream stream, SourceFormat format, CancellationToken cancellationToken)
    {
        await using var reader = await RecordReaders.OpenAsync(stream, format, ReadOptions.Default, cancellationToken).ConfigureAwait(false);
        var columns = reader.Columns;
        var lfNames = columns.Where(c => c is not ("label" or "id")).ToArray();
        if (lfNames.Length == 0)
        {
            throw new IngestException($"The file has no LF columns (its columns: {string.Join(", ", columns)}); every column but 'label' and 'id' holds one LF's votes.");
        }
        var hasGold = columns.Contains("label");
        var hasIds = columns.Contains("id");
        var ids = new List<string>();
        var gold = new List<int>();
        var rowStarts = new List<int> { 0 };
        var lfs = new List<int>();
        var labels = new List<int>();
        await foreach (var result in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (result.Problem is { } problem)
            {
                throw new IngestException(problem.ToString(), problem.Row, problem.Field);
            }
            var record = result.Record!;
            for (var lf = 0; lf < lfNames.Length; lf++)
            {
                var text = record.Fields.GetValueOrDefault(lfNames[lf]);
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }
                if (!int.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var vote) || vote < -1)
                {
                    throw new IngestException(
                        $"Row {record.Row}, field '{lfNames[lf]}': \"{text}\" is not a vote (a class index, or −1 or empty to abstain).", record.Row, lfNames[lf]);
                }
                if (vote >= 0)
                {
                    lfs.Add(lf);
                    labels.Add(vote);
                }
            }
            var label = -1;
            if (hasGold && record.Fields.GetValueOrDefault("label") is { } labelText && !string.IsNullOrWhiteSpace(labelText)
                && (!int.TryParse(labelText, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out label) || label < 0))
            {
                throw new IngestException($"Row {record.Row}, field 'label': \"{labelText}\" is not a class index (or empty when unknown).", record.Row, "label");
            }
            ids.Add(hasIds ? record.Fields.GetValueOrDefault("id") ?? "" : record.Row.ToString(CultureInfo.InvariantCulture));
            gold.Add(label);
            rowStarts.Add(lfs.Count);
        }
        if (ids.Count == 0)
        {
            throw new IngestException("The file has a header but no rows.");
        }
        return new VoteTable(ids, lfNames, gold, hasGold, rowStarts, lfs, labels);
    }
}
