using System.Text;

namespace Annotate.Core.Export.Formats;

/// <summary>
/// Text with placeholders in braces, filled in per item: <c>{id}</c>, <c>{text}</c>, <c>{label}</c> (for
/// multi-label data the labels joined by ", "), <c>{label_names}</c> (every class, joined by ", "),
/// <c>{group}</c>, <c>{timestamp}</c>, and <c>{name}</c> for any metadata field. <c>{{</c> and <c>}}</c> are
/// literal braces.
/// </summary>
public sealed class PromptTemplate
{
    private static readonly string[] BuiltIns = ["id", "text", "label", "label_names", "group", "timestamp"];

    // Literal text and placeholder names, alternating: literal, name, literal, …, literal.
    private readonly string[] parts;

    private PromptTemplate(string text, string[] parts)
    {
        Text = text;
        this.parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The placeholder names used, in order of use.</summary>
    public IReadOnlyList<string> Placeholders => [.. parts.Where((_, i) => i % 2 == 1)];

    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException">A brace is not closed or not opened, or a placeholder is empty.</exception>
    public static PromptTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                literal.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append('}');
                i++;
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', i + 1);
                if (end < 0)
                {
                    throw new ArgumentException($"The template '{text}' opens a placeholder at character {i + 1} and never closes it; write {{{{ for a literal brace.", nameof(text));
                }
                var name = text[(i + 1)..end].Trim();
                if (name.Length == 0 || name.Contains('{'))
                {
                    throw new ArgumentException($"The template '{text}' has an empty or broken placeholder at character {i + 1}.", nameof(text));
                }
                parts.Add(literal.ToString());
                literal.Clear();
                parts.Add(name);
                i = end;
            }
            else if (c == '}')
            {
                throw new ArgumentException($"The template '{text}' closes a brace at character {i + 1} that was never opened; write }}}} for a literal brace.", nameof(text));
            }
            else
            {
                literal.Append(c);
            }
        }
        parts.Add(literal.ToString());
        return new PromptTemplate(text, [.. parts]);
    }

    /// <summary>Checks that every placeholder is a built-in or one of the dataset's metadata fields.</summary>
    /// <param name="role">Named in the message, e.g. "system".</param>
    /// <exception cref="ArgumentException">A placeholder names no field; the message lists the ones there are.</exception>
    public void Validate(ExportDataset dataset, string role)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        foreach (var name in Placeholders)
        {
            if (!BuiltIns.Contains(name) && !dataset.MetadataFields.Contains(name))
            {
                var known = string.Join(", ", BuiltIns.Concat(dataset.MetadataFields).Select(n => "{" + n + "}"));
                throw new ArgumentException($"The {role} template uses {{{name}}}, which is not a field: use {known}.");
            }
        }
    }

    /// <summary>The template filled in for <paramref name="item"/>; a missing value is empty text.</summary>
    public string Render(ExportItem item, ExportDataset dataset)
    {
        if (parts.Length == 1)
        {
            return parts[0];
        }
        var text = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            text.Append(i % 2 == 0 ? parts[i] : ValueOf(parts[i], item, dataset));
        }
        return text.ToString();
    }

    public override string ToString() => Text;

    private static string? ValueOf(string name, ExportItem item, ExportDataset dataset) => name switch
    {
        "id" => item.Id,
        "text" => item.Record.Text,
        "label" => string.Join(", ", item.Record.Labels),
        "label_names" => string.Join(", ", dataset.Classes),
        "group" => item.Record.GroupKey,
        "timestamp" => item.Record.Timestamp is { } t ? ExportColumn.FormatTimestamp(t) : null,
        _ => item.Record.Metadata.GetValueOrDefault(name),
    };
}

/// <summary>The messages of one OpenAI chat fine-tuning example; an empty system template leaves the system message out.</summary>
public sealed record ChatTemplate(PromptTemplate System, PromptTemplate User, PromptTemplate Assistant)
{
    public static ChatTemplate Default { get; } = new(
        PromptTemplate.Parse("Classify the text. Answer with one of: {label_names}."),
        PromptTemplate.Parse("{text}"),
        PromptTemplate.Parse("{label}"));
}

/// <summary>The three fields of an Alpaca record.</summary>
public sealed record AlpacaTemplate(PromptTemplate Instruction, PromptTemplate Input, PromptTemplate Output)
{
    public static AlpacaTemplate Default { get; } = new(
        PromptTemplate.Parse("Classify the text. Answer with one of: {label_names}."),
        PromptTemplate.Parse("{text}"),
        PromptTemplate.Parse("{label}"));
}
