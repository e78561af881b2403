using Annotate.Core.Export.Balancing;

namespace Annotate.Core.Export;

/// <summary>
/// <c>manifest.json</c>: everything needed to tell how an export was made and to check its files. Serialized by
/// <see cref="ManifestBuilder.Serialize"/> with snake_case keys in this order; counts per class are sorted by label.
/// </summary>
/// <param name="SchemaVersion">The version of this manifest's layout (<see cref="ManifestBuilder.SchemaVersion"/>).</param>
/// <param name="ProjectId">The project's id in the instance that exported it; left out when not given (the CLI).</param>
/// <param name="CodeVersion">Annotate's version, with the commit when it was built from git.</param>
/// <param name="CreatedAt">Only when the caller passes a time: the manifest holds no clock reading of its own, so a re-run gives the same bytes.</param>
/// <param name="Filters">What the caller selected the items by (free-form, sorted by key).</param>
/// <param name="Items">Records given to the split engine.</param>
/// <param name="Splits">Per split: planned and written sizes, and written class counts.</param>
/// <param name="Files">Every file but the manifest, with its SHA-256.</param>
public sealed record ExportManifest(
    int SchemaVersion,
    string? Project,
    int? ProjectId,
    string CodeVersion,
    string? CreatedAt,
    IReadOnlyDictionary<string, string> Filters,
    string Format,
    string Strategy,
    ManifestRatios Ratios,
    long Seed,
    bool MultiLabel,
    int Items,
    IReadOnlyList<string> Classes,
    IReadOnlyList<ManifestSplit> Splits,
    ManifestDeviation Deviation,
    ManifestBalance Balance,
    ManifestClassWeights ClassWeights,
    IReadOnlyList<ManifestFile> Files);

public sealed record ManifestRatios(double Train, double Validation, double Test);

/// <param name="IdealSize">Items × ratio.</param>
/// <param name="Planned">Items the split engine put in the split.</param>
/// <param name="Written">Items written (train after balancing: copies in, left-out items out).</param>
/// <param name="Classes">Items written per class (an item counts once for each of its labels).</param>
/// <param name="IdealClasses">Per class, the class's item count × ratio (what the plan aimed at, before balancing).</param>
public sealed record ManifestSplit(
    string Name,
    double Ratio,
    double IdealSize,
    int Planned,
    int Written,
    IReadOnlyDictionary<string, int> Classes,
    IReadOnlyDictionary<string, double> IdealClasses);

/// <summary>How far the plan is from the ratios, and whether any group leaked across splits.</summary>
/// <param name="MaxSize">Largest |planned size − ideal size|.</param>
/// <param name="MaxClass">Largest |planned class count − ideal|.</param>
/// <param name="GroupsAcrossSplits">Group keys plus near-duplicate groups found in more than one split.</param>
public sealed record ManifestDeviation(double MaxSize, double MaxClass, int GroupsAcrossSplits);

/// <summary>What balancing did to train.</summary>
public sealed record ManifestBalance(
    string Mode,
    IReadOnlyDictionary<string, int> TrainBefore,
    IReadOnlyDictionary<string, int> TrainAfter,
    double? ImbalanceRatioBefore,
    double? ImbalanceRatioAfter,
    int DuplicatesAdded,
    int Removed);

/// <summary>Class weights computed on train as written.</summary>
public sealed record ManifestClassWeights(string Basis, double Beta, IReadOnlyList<ClassWeight> Weights);

/// <param name="Split">The split the file holds, or null (a dataset card).</param>
public sealed record ManifestFile(string Path, string? Split, long Rows, long Bytes, string Sha256);
