using System.Text.Json;
using System.Text.Json.Serialization;
using Annotate.Core.WeakSupervision;

namespace Annotate.Web.Features.WeakSupervision;

/// <summary>
/// What a label-model run learned, stored as <c>WeakLabelRun.ParametersJson</c>: enough to read its weak labels
/// (<see cref="Classes"/> orders their probabilities) and to show each function's learned accuracy.
/// </summary>
/// <param name="Classes">The question's label keys in the order of every probability array of the run.</param>
/// <param name="FunctionVersions">The function version ids, in the order of <paramref name="LfAccuracies"/>.</param>
/// <param name="LfAccuracies">Per function version, the accuracy the model learned.</param>
/// <param name="ClassPrior">The class prior the model used, in <paramref name="Classes"/> order.</param>
/// <param name="TieBreak">The tie rule (majority vote only reads it).</param>
public sealed record WeakLabelRunParameters(
    IReadOnlyList<string> Classes,
    IReadOnlyList<int> FunctionVersions,
    IReadOnlyList<double> LfAccuracies,
    IReadOnlyList<double> ClassPrior,
    TieBreak TieBreak)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static WeakLabelRunParameters Parse(string json) =>
        JsonSerializer.Deserialize<WeakLabelRunParameters>(json, JsonOptions) ?? throw new JsonException("A weak-label run has no parameters.");

    /// <summary>The stored name of a model (<c>WeakLabelRun.Model</c>; the CLI's <c>--model</c> names).</summary>
    public static string ModelName(LabelModelKind kind) => kind switch
    {
        LabelModelKind.MajorityVote => "majority",
        LabelModelKind.DawidSkene => "dawid-skene",
        LabelModelKind.MatrixCompletion => "snorkel",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a known label model."),
    };
}
