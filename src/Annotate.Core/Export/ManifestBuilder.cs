using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Annotate.Core.Export.Balancing;
using Annotate.Core.Export.Formats;
using Annotate.Core.Export.Splits;

namespace Annotate.Core.Export;

/// <summary>What the caller knows about an export that the data does not: the project, the filters, a time.</summary>
public sealed record ManifestInfo
{
    public string? Project { get; init; }

    /// <summary>The project's id in the Annotate instance that exported it.</summary>
    public int? ProjectId { get; init; }

    public IReadOnlyDictionary<string, string>? Filters { get; init; }

    /// <summary>Written only when given; leave it null for byte-identical re-runs.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Overrides <see cref="ManifestBuilder.CodeVersion"/> (tests pin it).</summary>
    public string? CodeVersion { get; init; }
}

/// <summary>Builds and serializes <see cref="ExportManifest"/>.</summary>
public static class ManifestBuilder
{
    /// <summary>The layout version written as <c>schema_version</c>; raise it when a key changes meaning or goes away.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The file name the manifest is written under.</summary>
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Annotate.Core's informational version (the SDK appends the commit when built from git).</summary>
    public static string CodeVersion { get; } =
        typeof(ManifestBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ManifestBuilder).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ExportManifest Build(SplitPlan plan, BalancedSplits balanced, string format, IReadOnlyList<ExportedFile> files, ManifestInfo info)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(balanced);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(info);
        var ratios = plan.Options.Ratios;
        var splits = new List<ManifestSplit>();
        foreach (var summary in plan.Summaries)
        {
            var written = balanced.Splits.First(s => s.Name == summary.Split);
            var counts = balanced.WrittenClassCounts[(int)summary.Split] ?? Count(plan, written);
            var classes = Sorted(plan.Classes.Select((c, k) => KeyValuePair.Create(c, counts[k])));
            splits.Add(new ManifestSplit(
                summary.Split.ToFileName(),
                ratios.Of(summary.Split),
                Math.Round(summary.IdealSize, 4),
                summary.Size,
                written.Items.Count,
                classes,
                Sorted(summary.Classes.Select(c => KeyValuePair.Create(c.Label, Math.Round(c.Ideal, 4))))));
        }
        var report = balanced.Report;
        return new ExportManifest(
            SchemaVersion,
            info.Project,
            info.ProjectId,
            info.CodeVersion ?? CodeVersion,
            info.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
            Sorted(info.Filters ?? new Dictionary<string, string>()),
            format,
            plan.Options.Strategy.ToString().ToLowerInvariant(),
            new ManifestRatios(ratios.Train, ratios.Validation, ratios.Test),
            plan.Options.Seed,
            plan.IsMultiLabel,
            plan.Records.Count,
            plan.Classes,
            splits,
            new ManifestDeviation(Math.Round(plan.MaxSizeDeviation, 4), Math.Round(plan.MaxClassDeviation, 4), plan.GroupsAcrossSplits),
            new ManifestBalance(
                report.Mode.ToString().ToLowerInvariant(),
                Sorted(report.Before),
                Sorted(report.After),
                report.ImbalanceBefore,
                report.ImbalanceAfter,
                report.Added,
                report.Removed),
            new ManifestClassWeights("train", report.Beta, report.Weights),
            [.. files.Select(f => new ManifestFile(f.Path, f.Split?.ToFileName(), f.Rows, f.Bytes, f.Sha256))]);
    }

    /// <summary>Indented UTF-8 JSON, "\n" line ends, ending in a newline.</summary>
    public static byte[] Serialize(ExportManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        return [.. json, (byte)'\n'];
    }

    /// <summary>Class counts of a split that did not come from <see cref="Balancer"/>.</summary>
    private static int[] Count(SplitPlan plan, ExportSplit split)
    {
        var counts = new int[plan.Classes.Count];
        foreach (var item in split.Items)
        {
            foreach (var c in plan.Labels.Of(plan.IndexById[item.Record.Id]))
            {
                counts[c]++;
            }
        }
        return counts;
    }

    private static SortedDictionary<string, T> Sorted<T>(IEnumerable<KeyValuePair<string, T>> pairs)
    {
        var sorted = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            sorted[key] = value;
        }
        return sorted;
    }
}
