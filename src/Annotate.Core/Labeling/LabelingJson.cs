using System.Text.Json;
using System.Text.Json.Serialization;

namespace Annotate.Core.Labeling;

/// <summary>How schemas and answers are stored and sent: camelCase, enums by name, nulls left out.</summary>
public static class LabelingJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <exception cref="JsonException">The text is not a <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("The JSON is null.");
}
