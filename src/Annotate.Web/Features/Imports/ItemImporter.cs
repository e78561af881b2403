using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using System.Text.Json;
using Annotate.Core.Ingest;
using Annotate.Data;
using Annotate.Data.Bulk;
using Annotate.Data.Entities;
using Annotate.Web.Features.Cleaning;
using Annotate.Web.Features.Imports.Sources;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Imports;

/// <summary>A problem with one record, and the file, URL, query or object it came from.</summary>
public sealed record SourcedProblem(string SourceName, RecordProblem Problem);

/// <summary>What reading a source into items gave.</summary>
public sealed record ImportOutcome(long Read, long Imported, long Filtered, long ExactDuplicates, IReadOnlyList<SourcedProblem> Problems, bool Rejected);

/// <summary>
/// The import loop every source shares: reads records, maps them to items, cleans them and inserts them in one
/// transaction with the native bulk path; then marks exact duplicates and commits. A source with bad records is
/// rejected as a whole (nothing is written) or imported without them, as the Manager chose. A failure or cancel
/// rolls everything back.
/// </summary>
/// <remarks>
/// Three stages overlap: reading and mapping (one task, in source order), cleaning (each batch of items is a task of
/// its own, so several batches are cleaned at once on the machine's cores), and inserting (in source order, awaiting
/// each batch's cleaning). Inserting runs one statement at a time on one connection and cannot be split; cleaning
/// (NFKC, PII, token counts, hashes) can, so with default cleaning it no longer holds inserting up. At most
/// <see cref="BatchesAhead"/> batches are between reading and inserting, so memory stays bounded whatever the size
/// of the source.
/// </remarks>
public static class ItemImporter
{
    private const int BatchSize = 256;
    private const int BatchesAhead = 8;
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    /// <param name="progress">Called about four times a second with the source's fraction read and the records read so far.</param>
    /// <exception cref="IngestException">The source could not be read to the end; nothing was written.</exception>
    /// <exception cref="InputException">The mapping names a field the source does not have.</exception>
    public static async Task<ImportOutcome> ImportAsync(
        AnnotateDbContext db,
        ImportTarget target,
        IImportSource source,
        FieldMapping mapping,
        BadRowPolicy badRows,
        Func<double, long, CancellationToken, ValueTask>? progress,
        CancellationToken cancellationToken)
    {
        FieldSuggestions.Check(mapping, source.Columns);
        var reading = new Reading();
        long imported = 0;
        long filtered = 0;
        var lastReport = Stopwatch.GetTimestamp();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using (var inserter = await ItemBulkInserter.BeginAsync(db, cancellationToken))
        {
            var batches = Channel.CreateBounded<Task<Item[]>>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var producer = Task.Run(() => ReadAsync(source, mapping, target, reading, batches.Writer, stop.Token), stop.Token);
            Exception? insertError = null;
            try
            {
                await foreach (var cleaning in batches.Reader.ReadAllAsync(cancellationToken))
                {
                    var batch = await cleaning;
                    foreach (var item in batch)
                    {
                        await inserter.AddAsync(item, cancellationToken);
                        if (item.Status == ItemStatus.Filtered)
                        {
                            filtered++;
                        }
                    }
                    imported += batch.Length;
                    // Every thousand records or so, or every quarter second for slow sources (web pages, S3 objects).
                    if (progress is not null && Stopwatch.GetElapsedTime(lastReport) > ReportInterval)
                    {
                        lastReport = Stopwatch.GetTimestamp();
                        await progress(source.Fraction, Interlocked.Read(ref reading.Read), cancellationToken);
                    }
                }
            }
            catch (Exception e)
            {
                insertError = e;
                await stop.CancelAsync();
            }
            try
            {
                await producer;
            }
            catch (Exception e) when (insertError is null || e is not OperationCanceledException)
            {
                // The reading side failed first (a broken file): that is the error to report.
                ExceptionDispatchInfo.Throw(e);
            }
            if (insertError is not null)
            {
                ExceptionDispatchInfo.Throw(insertError);
            }
            if (reading.Problems.Count > 0 && badRows == BadRowPolicy.RejectFile)
            {
                return new ImportOutcome(reading.Read, 0, 0, 0, reading.Problems, Rejected: true);
            }
            await inserter.CompleteAsync(cancellationToken);
        }

        // The native insert is over (PostgreSQL's COPY ends when the inserter is disposed); finish in the same transaction.
        if (progress is not null)
        {
            await progress(1, reading.Read, cancellationToken);
        }
        var duplicates = await ExactDuplicates.MarkAsync(db, target.ProjectId, target.JobId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportOutcome(reading.Read, imported, filtered, duplicates, reading.Problems, Rejected: false);
    }

    /// <summary>What the reading stage counted; read by the inserting stage once reading is over (and Read for progress).</summary>
    private sealed class Reading
    {
        public long Read;
        public readonly List<SourcedProblem> Problems = [];
    }

    /// <summary>Reads and maps records, and hands each batch of items on as the task that cleans it, in source order.</summary>
    private static async Task ReadAsync(IImportSource source, FieldMapping mapping, ImportTarget target, Reading reading,
        ChannelWriter<Task<Item[]>> batches, CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<Item>(BatchSize);
            var lastFlush = Stopwatch.GetTimestamp();
            await foreach (var (sourceName, result) in source.ReadAsync(cancellationToken))
            {
                if (result.Problem is { } problem)
                {
                    reading.Problems.Add(new SourcedProblem(sourceName, problem));
                }
                else if (ToItem(result.Record!, mapping, source.Kind, sourceName, target, out var rowProblem) is { } item)
                {
                    batch.Add(item);
                }
                else
                {
                    reading.Problems.Add(new SourcedProblem(sourceName, rowProblem!));
                }
                Interlocked.Increment(ref reading.Read);
                if (batch.Count >= BatchSize || (batch.Count > 0 && Stopwatch.GetElapsedTime(lastFlush) > ReportInterval))
                {
                    await batches.WriteAsync(Clean([.. batch], target.Cleaning), cancellationToken);
                    batch.Clear();
                    lastFlush = Stopwatch.GetTimestamp();
                }
            }
            if (batch.Count > 0)
            {
                await batches.WriteAsync(Clean([.. batch], target.Cleaning), cancellationToken);
            }
            batches.Complete();
        }
        catch (Exception e)
        {
            batches.TryComplete(e);
            throw;
        }
    }

    /// <summary>Starts cleaning <paramref name="items"/> on the thread pool.</summary>
    private static Task<Item[]> Clean(Item[] items, ProjectCleaning cleaning) => Task.Run(() =>
    {
        foreach (var item in items)
        {
            cleaning.Apply(item);
        }
        return items;
    });

    /// <summary>Builds the item for one record, or says why the record cannot be one.</summary>
    private static Item? ToItem(SourceRecord record, FieldMapping mapping, string kind, string sourceName, ImportTarget target, out RecordProblem? problem)
    {
        problem = null;
        var fields = record.Fields;
        var text = fields.GetValueOrDefault(mapping.TextField);
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = new RecordProblem(record.Row, mapping.TextField, "the text is empty");
            return null;
        }
        DateTime? timestamp = null;
        if (mapping.TimestampField is { } timeField && fields.GetValueOrDefault(timeField) is { Length: > 0 } rawTime)
        {
            if (!DateTime.TryParse(rawTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                problem = new RecordProblem(record.Row, timeField, $"'{Shorten(rawTime)}' is not a date and time");
                return null;
            }
            timestamp = parsed;
        }
        return new Item
        {
            ProjectId = target.ProjectId,
            Text = text,
            ExternalId = mapping.IdField is { } idField ? Blank(fields.GetValueOrDefault(idField)) : null,
            SourceLabel = mapping.LabelField is { } labelField ? Blank(fields.GetValueOrDefault(labelField)) : null,
            GroupKey = mapping.GroupField is { } groupField ? Blank(fields.GetValueOrDefault(groupField)) : null,
            Timestamp = timestamp,
            MetadataJson = Metadata(fields, mapping.MetadataFields),
            SourceKind = kind,
            SourceName = sourceName,
            SourceRow = record.Row,
            ImportJobId = target.JobId,
            CreatedAt = target.Now,
        };
    }

    private static string? Metadata(IReadOnlyDictionary<string, string?> fields, IReadOnlyList<string>? names)
    {
        if (names is not { Count: > 0 })
        {
            return null;
        }
        return JsonSerializer.Serialize(names.ToDictionary(n => n, n => fields.GetValueOrDefault(n)));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>Which project and import job the items belong to, when they were made, and how they are cleaned.</summary>
public sealed record ImportTarget(int ProjectId, long JobId, DateTime Now, ProjectCleaning Cleaning);
