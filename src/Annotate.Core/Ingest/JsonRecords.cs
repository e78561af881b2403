using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Annotate.Core.Ingest;

/// <summary>Turns a parsed JSON object into a record, shared by the JSON and JSONL readers.</summary>
internal static class JsonRecords
{
    private static readonly JsonWriterOptions CompactWriter = new()
    {
        Indented = false,
        // Keep non-ASCII text readable; the value is data, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON kind in words, for messages: "an array", "a number".</summary>
    public static string KindOf(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    /// <summary>
    /// The record for <paramref name="element"/>, which must be an object: strings as they are, numbers and booleans
    /// as their JSON text, objects and arrays as compact JSON, null as null. When <paramref name="key"/> is given (the
    /// WRENCH layout) it becomes the field "id" unless the object has one.
    /// </summary>
    public static RecordResult ToRecord(
        JsonElement element, long row, string? key, ColumnCollector columns, int maxFieldLength, InvalidText? invalid)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            var what = key is null ? "Is" : $"The value of key '{key}' is";
            return RecordResult.Bad(new RecordProblem(row, null, $"{what} {KindOf(element.ValueKind)}, not an object with fields"));
        }
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            string? value;
            try
            {
                value = ValueText(property.Value);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                return RecordResult.Bad(new RecordProblem(row, property.Name, "Has a \\u escape that is not valid UTF-16 (a lone surrogate)"));
            }
            if (!fields.TryAdd(property.Name, value))
            {
                return RecordResult.Bad(new RecordProblem(row, property.Name, "Appears twice in the same object; keys must be unique"));
            }
            if (value is not null && value.Length > maxFieldLength)
            {
                return RecordResult.Bad(new RecordProblem(row, property.Name,
                    string.Create(CultureInfo.InvariantCulture, $"Is longer than {maxFieldLength:N0} characters (the limit for one field)")));
            }
        }
        if (invalid is not null)
        {
            var field = fields.FirstOrDefault(f => f.Key.Contains('\uFFFD') || (f.Value?.Contains('\uFFFD') ?? false)).Key;
            return RecordResult.Bad(new RecordProblem(row, field, "Text " + invalid.Describe()));
        }
        if (key is not null && !fields.ContainsKey("id"))
        {
            columns.Add("id");
            var withId = new Dictionary<string, string?>(fields.Count + 1, StringComparer.Ordinal) { ["id"] = key };
            foreach (var (name, value) in fields)
            {
                withId.Add(name, value);
            }
            fields = withId;
        }
        foreach (var name in fields.Keys)
        {
            columns.Add(name);
        }
        return RecordResult.Ok(new SourceRecord(row, fields));
    }

    /// <exception cref="InvalidOperationException">A string holds an invalid \u escape.</exception>
    /// <exception cref="ArgumentException">A nested string holds an invalid \u escape.</exception>
    private static string? ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => Compact(value),
    };

    private static string Compact(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            value.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A <see cref="JsonException"/> message without its own position suffix, which is relative to a slice.</summary>
    public static string MessageOf(JsonException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd();
    }
}
