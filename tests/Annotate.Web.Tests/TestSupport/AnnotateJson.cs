using System.Text.Json;
using System.Text.Json.Serialization;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>The JSON settings the API uses (web defaults, enums as strings).</summary>
public static class AnnotateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
