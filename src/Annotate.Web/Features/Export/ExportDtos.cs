using Annotate.Core.Export;
using Annotate.Core.Export.Balancing;
using Annotate.Core.Export.Splits;
using Annotate.Web.Features.Review;

namespace Annotate.Web.Features.Export;

/// <summary>
/// What to export and how: the labels (question, sources in priority order, weak labels), the filters, the split, the
/// balancing and the format. Stored as the export job's parameters; the same request on unchanged data gives the same zip.
/// </summary>
/// <param name="Question">The question whose labels are exported (one label, or several); null takes the schema's first labeling question.</param>
/// <param name="Sources">
/// Where a label may come from, strongest first; an item takes its label from the first source in this list that has
/// one. Null means gold, review, consensus, single annotator, accepted weak label (the final-label order).
/// </param>
/// <param name="WeakThreshold">
/// With <see cref="FinalLabelSource.Weak"/> among the sources: take weak labels of the latest model run whose
/// confidence is at least this; null takes only the ones the run accepted automatically.
/// </param>
/// <param name="Labels">Only items with one of these labels (other labels of a multi-label item are dropped); null or empty for all.</param>
/// <param name="SourceNames">Only items imported from these files, URLs or queries; null or empty for all.</param>
/// <param name="From">Only items whose timestamp (or, without one, import time) is at or after this (UTC).</param>
/// <param name="To">Only items whose timestamp (or import time) is before this (UTC).</param>
/// <param name="IncludeUnlabeled">Also write the items without a label to <c>unlabeled.jsonl</c>.</param>
/// <param name="Train">Train's share, 0 to 1.</param>
/// <param name="CapPerClass">The most items a class keeps in train, for <see cref="BalanceMode.Cap"/>.</param>
/// <param name="ChatSystem">The OpenAI chat system message template; empty leaves the system message out.</param>
public sealed record ExportRequest(
    string? Question = null,
    IReadOnlyList<FinalLabelSource>? Sources = null,
    double? WeakThreshold = null,
    IReadOnlyList<string>? Labels = null,
    IReadOnlyList<string>? SourceNames = null,
    DateTime? From = null,
    DateTime? To = null,
    bool IncludeUnlabeled = false,
    double Train = 0.8,
    double Validation = 0.1,
    double Test = 0.1,
    SplitStrategy Strategy = SplitStrategy.Stratified,
    long Seed = 42,
    BalanceMode Balance = BalanceMode.None,
    int? CapPerClass = null,
    string Format = "jsonl",
    string? ChatSystem = null,
    string? ChatUser = null,
    string? ChatAssistant = null,
    string? AlpacaInstruction = null)
{
    /// <summary>The final-label order: gold, review, consensus, single annotator, accepted weak label.</summary>
    public static IReadOnlyList<FinalLabelSource> DefaultSources { get; } =
        [FinalLabelSource.Gold, FinalLabelSource.Review, FinalLabelSource.Consensus, FinalLabelSource.Single, FinalLabelSource.Weak];

    public IReadOnlyList<FinalLabelSource> SourceOrder => Sources is { Count: > 0 } s ? s : DefaultSources;
}

/// <summary>Counts of an export (or of its preview), as the Export tab charts them; taken from the manifest.</summary>
/// <param name="Items">Labeled items split.</param>
/// <param name="Unlabeled">Items without a label (written to <c>unlabeled.jsonl</c> when asked).</param>
/// <param name="GroupsAcrossSplits">Group keys and near-duplicate groups found in more than one split (0 with the group strategy).</param>
/// <param name="MaxClassDeviation">Largest distance of a split's class count from its ideal.</param>
public sealed record ExportSummary(
    int Items,
    int Unlabeled,
    IReadOnlyList<string> Classes,
    IReadOnlyList<ManifestSplit> Splits,
    ManifestBalance Balance,
    int GroupsAcrossSplits,
    double MaxClassDeviation)
{
    public static ExportSummary From(ExportManifest manifest, int unlabeled) => new(
        manifest.Items, unlabeled, manifest.Classes, manifest.Splits, manifest.Balance, manifest.Deviation.GroupsAcrossSplits, manifest.Deviation.MaxClass);
}

/// <summary>What an export job stores as its result: where the zip is and what is in it.</summary>
/// <param name="File">The zip, relative to the data folder.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the zip.</param>
public sealed record ExportJobResult(string File, long Bytes, string Sha256, string Format, string Strategy, long Seed, string Question, ExportSummary Summary);

/// <summary>One finished export as the past-exports list shows it.</summary>
public sealed record PastExport(
    long JobId,
    DateTime CreatedAt,
    DateTime? FinishedAt,
    string? CreatedBy,
    string Format,
    string Strategy,
    long Seed,
    string Question,
    int Items,
    IReadOnlyDictionary<string, int> SplitSizes,
    long Bytes,
    string Sha256,
    string DownloadUrl,
    ExportSummary Summary);

/// <summary>The labeling questions an export can take labels from, and the import sources it can filter by.</summary>
/// <param name="GroupedItems">Items with a group key or in a near-duplicate group: only the group-aware strategy keeps their groups in one split.</param>
public sealed record ExportChoices(IReadOnlyList<ExportQuestion> Questions, IReadOnlyList<string> SourceNames, int GroupedItems = 0);

/// <param name="MultiLabel">Several labels per item (the iterative strategy; stratified needs one label).</param>
public sealed record ExportQuestion(string Key, string Title, bool MultiLabel, IReadOnlyList<string> Labels);
