using System.Globalization;
using System.Text;
using Annotate.Core.Labeling;

namespace Annotate.Web.Features.Labeling;

/// <summary>One label as the Labels tab edits it. <see cref="Saved"/> labels keep their key; removing one retires it.</summary>
public sealed class LabelDraft
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string Color { get; set; } = "#1e88e5";
    public string? Hotkey { get; set; }
    public string? Description { get; set; }
    public bool Retired { get; init; }

    /// <summary>The key is part of a saved version: it is shown read-only and never changes.</summary>
    public bool Saved { get; init; }

    /// <summary>A saved label the Manager removed: it is kept, retired, when the schema is saved.</summary>
    public bool Removed { get; set; }

    public static LabelDraft From(LabelDefinition label) => new()
    {
        Key = label.Key, Name = label.Name, Color = label.Color, Hotkey = label.Hotkey, Description = label.Description,
        Retired = label.Retired, Saved = true,
    };

    public LabelDefinition ToDefinition() => Retired || Removed
        ? new(Key, Name.Trim(), Color, null, Description, Retired: true)
        : new(Key, Name.Trim(), Color.Trim(), string.IsNullOrWhiteSpace(Hotkey) ? null : Hotkey.Trim(), string.IsNullOrWhiteSpace(Description) ? null : Description.Trim());
}

/// <summary>One question as the Labels tab edits it.</summary>
public sealed class QuestionDraft
{
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public QuestionKind Kind { get; set; } = QuestionKind.Single;
    public bool Required { get; set; } = true;
    public bool AllowOverlap { get; set; }
    public int Min { get; set; } = 1;
    public int Max { get; set; } = 5;
    public string? ResponseAField { get; set; }
    public string? ResponseBField { get; set; }
    public string? InitialTextField { get; set; }
    public List<LabelDraft> Labels { get; } = [];

    /// <summary>The key is part of a saved version: it is shown read-only and never changes.</summary>
    public bool Saved { get; init; }

    /// <summary>A saved question the Manager removed: it is kept, retired, when the schema is saved.</summary>
    public bool Removed { get; set; }

    /// <summary>The Manager typed the key of this new question; it no longer follows the title.</summary>
    public bool KeyEdited { get; set; }

    public bool HasLabels => Kind is QuestionKind.Single or QuestionKind.Multi or QuestionKind.Spans;

    public static QuestionDraft From(QuestionDefinition q)
    {
        var draft = new QuestionDraft
        {
            Key = q.Key, Title = q.Title, Kind = q.Kind, Required = q.Required, AllowOverlap = q.AllowOverlap, Min = q.Min, Max = q.Max,
            ResponseAField = q.ResponseAField, ResponseBField = q.ResponseBField, InitialTextField = q.InitialTextField, Saved = true,
        };
        draft.Labels.AddRange(q.AllLabels.Select(LabelDraft.From));
        return draft;
    }

    public QuestionDefinition ToDefinition() => new(
        Key.Trim(), Title.Trim(), Kind,
        HasLabels ? [.. Labels.Select(l => l.ToDefinition())] : (Saved && Labels.Count > 0 ? [.. Labels.Select(l => l.ToDefinition())] : null),
        Required,
        Kind == QuestionKind.Spans && AllowOverlap,
        Min, Max,
        Kind == QuestionKind.Pairwise ? Blank(ResponseAField) : null,
        Kind == QuestionKind.Pairwise ? Blank(ResponseBField) : null,
        Kind == QuestionKind.FreeText ? Blank(InitialTextField) : null);

    /// <summary>Adds a label named <paramref name="name"/> with a key made from it, unique in this question.</summary>
    public LabelDraft AddLabel(string name, string? hotkey = null)
    {
        var label = new LabelDraft { Name = name, Color = SchemaDrafts.Palette[Labels.Count % SchemaDrafts.Palette.Count], Hotkey = hotkey };
        Labels.Add(label);
        RekeyLabel(label);
        return label;
    }

    /// <summary>A new label's key follows its name (saved keys never change).</summary>
    public void RekeyLabel(LabelDraft label)
    {
        if (!label.Saved)
        {
            label.Key = SchemaDrafts.UniqueKey(SchemaDrafts.KeyFrom(label.Name, "label"), Labels.Where(l => l != label).Select(l => l.Key));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Keys, colours and the starter templates of the Labels tab.</summary>
public static class SchemaDrafts
{
    public static IReadOnlyList<string> Palette { get; } = ["#1e88e5", "#43a047", "#e53935", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#546e7a", "#d81b60", "#3949ab"];

    /// <summary>A key made from a name: lower case, '_' for spaces, only letters, digits, '_' and '-', at most 40 characters.</summary>
    public static string KeyFrom(string? name, string fallback)
    {
        var builder = new StringBuilder();
        foreach (var c in (name ?? "").Trim().Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-')
            {
                builder.Append(c);
            }
            else if (char.IsWhiteSpace(c) && builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
        }
        var key = builder.ToString().Trim('_');
        return key.Length == 0 ? fallback : key[..Math.Min(key.Length, 40)];
    }

    /// <summary><paramref name="key"/>, or it with _2, _3… when another item uses it.</summary>
    public static string UniqueKey(string key, IEnumerable<string> taken)
    {
        var used = taken.ToHashSet(StringComparer.Ordinal);
        if (!used.Contains(key))
        {
            return key;
        }
        for (var n = 2; ; n++)
        {
            var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
            var candidate = key[..Math.Min(key.Length, 40 - suffix.Length)] + suffix;
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>The starter templates offered for an empty schema, by button text.</summary>
    public static IReadOnlyList<(string Name, string Icon, Func<QuestionDraft> Create)> Templates { get; } =
    [
        ("Sentiment (single label)", MudBlazor.Icons.Material.Outlined.SentimentSatisfied, () => Template("sentiment", "What is the sentiment of this text?", QuestionKind.Single,
            ("Positive", "#43a047", "1"), ("Neutral", "#757575", "2"), ("Negative", "#e53935", "3"))),
        ("Topics (multi-label)", MudBlazor.Icons.Material.Outlined.Category, () => Template("topics", "Which topics does this text cover?", QuestionKind.Multi,
            ("Politics", "#3949ab", "1"), ("Business", "#00897b", "2"), ("Technology", "#1e88e5", "3"), ("Sports", "#fb8c00", "4"), ("Culture", "#8e24aa", "5"))),
        ("Named entities (spans)", MudBlazor.Icons.Material.Outlined.Highlight, () => Template("entities", "Mark the named entities", QuestionKind.Spans,
            ("Person", "#e53935", "p"), ("Organisation", "#1e88e5", "o"), ("Location", "#43a047", "l"), ("Date", "#fb8c00", "d"))),
        ("Ideal answer (free text)", MudBlazor.Icons.Material.Outlined.EditNote, () => Template("ideal_answer", "Write the ideal answer", QuestionKind.FreeText)),
        ("Preference (pairwise)", MudBlazor.Icons.Material.Outlined.CompareArrows, () =>
        {
            var q = Template("preference", "Which response is better?", QuestionKind.Pairwise);
            (q.ResponseAField, q.ResponseBField) = ("response_a", "response_b");
            return q;
        }),
        ("Quality (rating 1–5)", MudBlazor.Icons.Material.Outlined.StarOutline, () => Template("quality", "How good is this text? (1 = poor, 5 = excellent)", QuestionKind.Rating)),
    ];

    private static QuestionDraft Template(string key, string title, QuestionKind kind, params (string Name, string Color, string Hotkey)[] labels)
    {
        var q = new QuestionDraft { Key = key, Title = title, Kind = kind, KeyEdited = true };
        foreach (var (name, color, hotkey) in labels)
        {
            q.AddLabel(name, hotkey).Color = color;
        }
        return q;
    }

    public static string KindName(QuestionKind kind) => kind switch
    {
        QuestionKind.Single => "Single label",
        QuestionKind.Multi => "Multi-label",
        QuestionKind.Spans => "Spans (named entities)",
        QuestionKind.FreeText => "Free text",
        QuestionKind.Pairwise => "Pairwise preference",
        QuestionKind.Rating => "Rating",
        _ => kind.ToString(),
    };
}
