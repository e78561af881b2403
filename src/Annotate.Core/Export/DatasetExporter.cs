using Annotate.Core.Export.Balancing;
using Annotate.Core.Export.Formats;
using Annotate.Core.Export.Splits;

namespace Annotate.Core.Export;

/// <summary>Everything an export needs to know besides the records.</summary>
public sealed record ExportSettings
{
    public SplitOptions Split { get; init; } = new();

    public BalanceOptions Balance { get; init; } = new();

    /// <summary>A name from <see cref="ExportFormats.Names"/>.</summary>
    public string Format { get; init; } = "jsonl";

    public ExportFormatOptions FormatOptions { get; init; } = ExportFormatOptions.Default;

    /// <summary>The metadata fields to write, in order; null writes every field the records have, sorted by name.</summary>
    public IReadOnlyList<string>? MetadataFields { get; init; }

    public ManifestInfo Manifest { get; init; } = new();

    /// <summary>
    /// Files the caller wrote to the sink itself before the export (the web export's unlabeled items, written with
    /// <see cref="ExportFiles.WriteAsync"/>), listed in the manifest after the format's files.
    /// </summary>
    public IReadOnlyList<ExportedFile> ExtraFiles { get; init; } = [];
}

/// <summary>The outcome of an export: the manifest (also written as <c>manifest.json</c>), the files and the plan behind them.</summary>
public sealed record ExportResult(ExportManifest Manifest, byte[] ManifestJson, IReadOnlyList<ExportedFile> Files, SplitPlan Plan, BalanceReport Balance);

/// <summary>
/// An export in one call: split, balance train, write the format's files and then <c>manifest.json</c> to the sink.
/// What the CLI runs, and what the web export job runs on the items it loaded.
/// </summary>
public static class DatasetExporter
{
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The records, settings or format options do not fit together; the message names the item or setting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<ExportResult> ExportAsync(
        IReadOnlyList<SplitRecord> records, ExportSettings settings, IExportSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sink);
        var format = ExportFormats.Get(settings.Format);
        var plan = SplitEngine.Split(records, settings.Split);
        var balanced = Balancer.Apply(plan, settings.Balance);
        var dataset = ExportDataset.From(plan, balanced, settings.MetadataFields);
        cancellationToken.ThrowIfCancellationRequested();
        var files = await format.WriteAsync(dataset, sink, settings.FormatOptions, cancellationToken).ConfigureAwait(false);
        var manifest = ManifestBuilder.Build(plan, balanced, format.Name, [.. files, .. settings.ExtraFiles ?? []], settings.Manifest);
        var json = ManifestBuilder.Serialize(manifest);
        var stream = sink.Create(ManifestBuilder.FileName);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(json, cancellationToken).ConfigureAwait(false);
        }
        return new ExportResult(manifest, json, files, plan, balanced.Report);
    }
}
