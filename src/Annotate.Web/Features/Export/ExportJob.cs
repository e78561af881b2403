using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Annotate.Core.Export;
using Annotate.Core.Export.Formats;
using Annotate.Core.Labeling;
using Annotate.Data;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Export;

/// <summary>
/// Exports a project's labeled items as train/validation/test splits in one zip under the data folder
/// (<c>exports/&lt;project&gt;/export-&lt;job&gt;.zip</c>): reads the items and their labels (<see cref="ExportItemReader"/>),
/// then splits, balances and writes them with <see cref="DatasetExporter"/>. The zip is written to a <c>.part</c> file
/// and renamed when complete, so a cancelled or failed export leaves no zip behind. The job's result
/// (<see cref="ExportJobResult"/>) is how past exports are listed.
/// </summary>
public sealed class ExportJob(IDbContextFactory<AnnotateDbContext> dbFactory, ExportItemReader reader, SchemaService schemas, AnnotatePaths paths) : IJobHandler
{
    public const string JobKind = "export";

    /// <summary>The file the items without a label go to, when asked.</summary>
    public const string UnlabeledFile = "unlabeled.jsonl";

    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Kind => JobKind;

    public string Title => "Export dataset";

    public async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var projectId = context.ProjectId;
        var request = context.GetParameters<ExportRequest>();
        string projectName;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            projectName = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Name).SingleAsync(cancellationToken);
        }
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        // The schema may have changed since the export was queued: check again.
        var choices = new ExportChoices(ExportService.QuestionsOf(schema), []);
        if (ExportRequestRules.Problems(request, choices) is { Count: > 0 } problems)
        {
            throw new JobFailedException(string.Join(" ", problems.Values));
        }
        var question = ExportRequestRules.QuestionOf(request, choices)!;

        // Reading is the first half of the bar, writing the second.
        var total = await reader.CountAsync(projectId, request, cancellationToken);
        await context.ReportFractionAsync(0, 0, "items read", cancellationToken);
        var items = await reader.ReadAsync(projectId, schema, question, request,
            read => context.ReportFractionAsync(total == 0 ? 0.5 : 0.5 * read / total, read, "items read", cancellationToken), cancellationToken);
        if (items.Labeled.Count == 0)
        {
            throw new JobFailedException($"No item has a label for '{question.Key}' from the chosen sources and filters, so there is nothing to split.");
        }

        var folder = paths.Exports(projectId);
        Directory.CreateDirectory(folder);
        var zipPath = Path.Combine(folder, $"export-{context.JobId}.zip");
        var partPath = zipPath + ".part";
        ExportResult result;
        long bytes;
        string sha256;
        try
        {
            var written = new LatestCount();
            using var stopReporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reporting = ReportWritingAsync(context, written, items.Labeled.Count, stopReporting.Token);
            try
            {
                result = await WriteZipAsync(partPath, items, request, question, projectName, projectId, written, cancellationToken);
            }
            finally
            {
                await stopReporting.CancelAsync();
                await reporting;
            }
            await using (var zip = File.OpenRead(partPath))
            {
                bytes = zip.Length;
                sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(zip, cancellationToken));
            }
            await context.ReportAsync(result.Manifest.Items, result.Manifest.Items, "items", cancellationToken);
            // The last step, after anything that may still be cancelled: a zip under its final name is always complete and listed.
            File.Move(partPath, zipPath, overwrite: true);
        }
        catch
        {
            File.Delete(partPath);
            throw;
        }

        var summary = ExportSummary.From(result.Manifest, items.UnlabeledCount);
        context.Result = new ExportJobResult(paths.Relative(zipPath), bytes, sha256, result.Manifest.Format, result.Manifest.Strategy,
            result.Manifest.Seed, question.Key, summary);
        var sizes = string.Join(", ", summary.Splits.Select(s => $"{s.Name} {s.Written:N0}"));
        return $"Exported {summary.Items:N0} items ({sizes}) as {result.Manifest.Format}, {result.Manifest.Strategy} split, seed {result.Manifest.Seed}"
            + (request.IncludeUnlabeled ? $"; {summary.Unlabeled:N0} unlabeled items in {UnlabeledFile}" : "");
    }

    private static async Task<ExportResult> WriteZipAsync(string path, ExportItems items, ExportRequest request, ExportQuestion question,
        string projectName, int projectId, IProgress<long> progress, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        using var sink = new ZipExportSink(file);
        return await ExportAsync(items, request, question, projectName, projectId, sink, progress, cancellationToken);
    }

    /// <summary>Writes the export to <paramref name="sink"/>: the unlabeled file when asked, the splits, then the manifest.</summary>
    /// <exception cref="JobFailedException">The items and settings do not fit together (the message names the item or setting).</exception>
    internal static async Task<ExportResult> ExportAsync(ExportItems items, ExportRequest request, ExportQuestion question, string projectName, int projectId,
        IExportSink sink, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        IReadOnlyList<ExportedFile> extra = request.IncludeUnlabeled
            ? [await ExportFiles.WriteAsync(sink, UnlabeledFile, null, (stream, ct) => WriteUnlabeledAsync(stream, items.Unlabeled, ct), cancellationToken)]
            : [];
        var settings = ExportRequestRules.ToSettings(request, projectName, projectId, ExportRequestRules.Filters(request, question.Key), extra);
        settings = settings with { FormatOptions = settings.FormatOptions with { Progress = progress } };
        try
        {
            return await DatasetExporter.ExportAsync(items.Labeled, settings, sink, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new JobFailedException(e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message);
        }
    }

    /// <summary>One JSON object per line: id, text, then the metadata fields by name.</summary>
    private static async Task<long> WriteUnlabeledAsync(Stream stream, IReadOnlyList<SplitRecord> records, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using var writer = new Utf8JsonWriter(buffer, LineOptions);
        foreach (var record in records)
        {
            writer.WriteStartObject();
            writer.WriteString("id", record.Id);
            writer.WriteString("text", record.Text);
            foreach (var (key, value) in record.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken);
            buffer.Write("\n"u8);
            writer.Reset();
            if (buffer.WrittenCount > 1 << 16)
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        return records.Count;
    }

    /// <summary>Moves the bar while the exporter writes: it reports counts from inside its loop, where it cannot wait on the store.</summary>
    private static async Task ReportWritingAsync(JobContext context, LatestCount written, long expected, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var count = written.Value;
                await context.ReportFractionAsync(0.5 + 0.5 * Math.Min(1, (double)count / Math.Max(1, expected)), count, "items written", stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private sealed class LatestCount : IProgress<long>
    {
        private long value;

        public long Value => Interlocked.Read(ref value);

        public void Report(long count) => Interlocked.Exchange(ref value, count);
    }
}
