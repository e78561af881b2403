using Annotate.Web.Infrastructure;

namespace Annotate.Web.Features.Imports;

/// <summary>Guesses which column is the text, id, label, group and time, so most files import with one click.</summary>
public static class FieldSuggestions
{
    private static readonly string[] TextNames = ["text", "content", "comment", "message", "body", "sentence", "question", "document", "review", "prompt", "input", "data.text"];
    private static readonly string[] IdNames = ["id", "_id", "comment_id", "uid", "key", "external_id", "item_id"];
    private static readonly string[] LabelNames = ["label", "labels", "class", "category", "target", "y", "tag", "tags", "sentiment"];
    private static readonly string[] GroupNames = ["group", "group_id", "author", "user", "user_id", "source", "conversation_id", "thread_id"];
    private static readonly string[] TimeNames = ["timestamp", "date", "time", "created_at", "created", "datetime"];

    public static FieldMapping Suggest(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string?>> rows)
    {
        var text = Named(columns, TextNames) ?? LongestOnAverage(columns, rows) ?? columns.FirstOrDefault() ?? "";
        var used = new HashSet<string>(StringComparer.Ordinal) { text };
        string? Pick(string[] names)
        {
            var found = Named(columns.Where(c => !used.Contains(c)).ToList(), names);
            if (found is not null)
            {
                used.Add(found);
            }
            return found;
        }
        var id = Pick(IdNames);
        var label = Pick(LabelNames);
        var group = Pick(GroupNames);
        var timestamp = Pick(TimeNames);
        return new FieldMapping(text, id, label, [.. columns.Where(c => !used.Contains(c))], group, timestamp);
    }

    /// <exception cref="InputException">A mapped field is missing from the file.</exception>
    public static void Check(FieldMapping mapping, IReadOnlyList<string> columns)
    {
        if (string.IsNullOrWhiteSpace(mapping.TextField))
        {
            throw new InputException("TextField", "Choose the field that holds the text.");
        }
        var known = new HashSet<string>(columns, StringComparer.Ordinal);
        var mapped = new (string Role, string? Field)[]
        {
            ("TextField", mapping.TextField), ("IdField", mapping.IdField), ("LabelField", mapping.LabelField),
            ("GroupField", mapping.GroupField), ("TimestampField", mapping.TimestampField),
        }.Concat((mapping.MetadataFields ?? []).Select(f => ("MetadataFields", (string?)f)));
        foreach (var (role, field) in mapped)
        {
            if (field is not null && !known.Contains(field))
            {
                throw new InputException(role, $"The data has no field '{field}'. Its fields are: {string.Join(", ", columns)}.");
            }
        }
    }

    private static string? Named(IReadOnlyList<string> columns, string[] names) =>
        names.Select(n => columns.FirstOrDefault(c => string.Equals(c, n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(c => c is not null);

    private static string? LongestOnAverage(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string?>> rows) =>
        rows.Count == 0 ? null : columns.OrderByDescending(c => rows.Average(r => r.TryGetValue(c, out var v) ? v?.Length ?? 0 : 0)).FirstOrDefault();
}
