using System.Text.Json;
using Annotate.Core.WeakSupervision;

namespace Annotate.Web.Features.WeakSupervision;

/// <summary>
/// A project's weak-supervision settings, stored as JSON on the project (<c>Project.WeakSupervisionJson</c>; null = these
/// defaults). The fit job reads the model part; the queue reads the suggestion and auto-accept part.
/// </summary>
/// <param name="Model">The label model fitted after each apply.</param>
/// <param name="Seed">The model's seed; the same votes and seed give the same weak labels.</param>
/// <param name="TieBreak">What majority vote does with a tie.</param>
/// <param name="ShowSuggestions">Annotators see the weak label pre-selected in the workbench.</param>
/// <param name="AutoAcceptThreshold">Items whose weak label has at least this confidence are accepted without a person
/// (provenance weak, the threshold recorded on the run); null = never.</param>
/// <param name="ReviewBelow">Auto-accepted weak labels below this confidence still go to review (#7); null = none do.</param>
public sealed record WeakSupervisionSettings(
    LabelModelKind Model = LabelModelKind.MatrixCompletion,
    int Seed = 0,
    TieBreak TieBreak = TieBreak.ClassPrior,
    bool ShowSuggestions = true,
    double? AutoAcceptThreshold = null,
    double? ReviewBelow = null)
{
    public static WeakSupervisionSettings Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new() : JsonSerializer.Deserialize<WeakSupervisionSettings>(json, JsonOptions) ?? new();

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
