using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Annotate.Core.WeakSupervision.Functions;

/// <summary>
/// What a labeling function looks at. Keyword, regex, metadata and length rules vote the function's fixed output label
/// when they match; annotator and prediction rules vote the label found in the data. Stored as JSON with a
/// <c>kind</c> discriminator.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(KeywordRule), "keyword")]
[JsonDerivedType(typeof(RegexRule), "regex")]
[JsonDerivedType(typeof(MetadataRule), "metadata")]
[JsonDerivedType(typeof(LengthRule), "length")]
[JsonDerivedType(typeof(AnnotatorRule), "annotator")]
[JsonDerivedType(typeof(PredictionRule), "predictions")]
public abstract record LfRule
{
    /// <summary>Whether the vote is the function's fixed label (true) or read from the data (false).</summary>
    [JsonIgnore]
    public virtual bool HasFixedLabel => true;

    /// <summary>Every way the rule is unusable, each naming the field; empty when it is fine.</summary>
    public abstract IReadOnlyList<string> Problems();
}

/// <summary>Votes when the text contains any (or all) of the keywords or phrases.</summary>
/// <param name="WholeWord">A keyword must not be part of a longer word ("art" does not match "start").</param>
public sealed record KeywordRule(IReadOnlyList<string> Keywords, bool MatchAll = false, bool CaseSensitive = false, bool WholeWord = true) : LfRule
{
    public override IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Keywords is null || !Keywords.Any(k => !string.IsNullOrWhiteSpace(k)))
        {
            problems.Add("Keywords: give at least one keyword or phrase.");
        }
        else if (Keywords.Count > 1000)
        {
            problems.Add("Keywords: at most 1,000.");
        }
        return problems;
    }
}

/// <summary>Votes when the .NET regular expression matches the text; each item's match is limited by a timeout.</summary>
/// <param name="NonBacktracking">RegexOptions.NonBacktracking: linear time, no backreferences or lookarounds.</param>
public sealed record RegexRule(string Pattern, bool CaseSensitive = false, bool NonBacktracking = false) : LfRule
{
    public override IReadOnlyList<string> Problems()
    {
        if (string.IsNullOrEmpty(Pattern))
        {
            return ["Pattern: the regular expression is empty."];
        }
        if (Pattern.Length > 4000)
        {
            return ["Pattern: at most 4,000 characters."];
        }
        try
        {
            _ = new Regex(Pattern, Options, TimeSpan.FromSeconds(1));
            return [];
        }
        catch (ArgumentException e)
        {
            return [$"Pattern: {e.Message}"];
        }
        catch (NotSupportedException e)
        {
            return [$"Pattern: not supported with NonBacktracking ({e.Message})."];
        }
    }

    [JsonIgnore]
    public RegexOptions Options => RegexOptions.CultureInvariant
        | (CaseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase)
        | (NonBacktracking ? RegexOptions.NonBacktracking : RegexOptions.None);
}

public enum MetadataOperator
{
    Equals,
    NotEquals,
    Contains,
    StartsWith,
    GreaterThan,
    LessThan,
    /// <summary>The value is one of a comma-separated list.</summary>
    In,
    Exists,
    Missing,
}

/// <summary>Votes when an item's metadata field satisfies the comparison (numbers compare as numbers, text without case).</summary>
public sealed record MetadataRule(string Field, MetadataOperator Operator, string? Value = null) : LfRule
{
    public override IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Field))
        {
            problems.Add("Field: name the metadata field.");
        }
        if (!Enum.IsDefined(Operator))
        {
            problems.Add($"Operator: unknown operator {Operator}.");
        }
        else if (Operator is not (MetadataOperator.Exists or MetadataOperator.Missing) && Value is null)
        {
            problems.Add($"Value: the operator {Operator} compares with a value.");
        }
        else if (Operator is MetadataOperator.GreaterThan or MetadataOperator.LessThan && !LfNumbers.TryParse(Value, out _))
        {
            problems.Add($"Value: '{Value}' is not a number, and {Operator} compares numbers.");
        }
        return problems;
    }
}

/// <summary>Votes when the text's length (characters and/or words) lies within the bounds given.</summary>
public sealed record LengthRule(int? MinChars = null, int? MaxChars = null, int? MinWords = null, int? MaxWords = null) : LfRule
{
    public override IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MinChars is null && MaxChars is null && MinWords is null && MaxWords is null)
        {
            problems.Add("Length: give at least one bound.");
        }
        if (MinChars < 0 || MaxChars < 0 || MinWords < 0 || MaxWords < 0)
        {
            problems.Add("Length: bounds are not negative.");
        }
        if (MinChars > MaxChars)
        {
            problems.Add($"Length: the minimum of {MinChars} characters is above the maximum of {MaxChars}.");
        }
        if (MinWords > MaxWords)
        {
            problems.Add($"Length: the minimum of {MinWords} words is above the maximum of {MaxWords}.");
        }
        return problems;
    }
}

/// <summary>Votes what one annotator answered (their latest version) on the items they labeled; abstains elsewhere.</summary>
public sealed record AnnotatorRule(string AnnotatorId) : LfRule
{
    public override bool HasFixedLabel => false;

    public override IReadOnlyList<string> Problems() =>
        string.IsNullOrWhiteSpace(AnnotatorId) ? ["Annotator: choose whose answers vote."] : [];
}

/// <summary>
/// Votes an imported model's prediction: the label in a metadata field (e.g. a classifier's or an LLM's zero-shot
/// output), optionally only when a probability field reaches a threshold.
/// </summary>
public sealed record PredictionRule(string LabelField, string? ProbabilityField = null, double MinProbability = 0) : LfRule
{
    public override bool HasFixedLabel => false;

    public override IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(LabelField))
        {
            problems.Add("Label field: name the metadata field that holds the predicted label.");
        }
        if (MinProbability is < 0 or > 1 || double.IsNaN(MinProbability))
        {
            problems.Add("Minimum probability: between 0 and 1.");
        }
        if (MinProbability > 0 && string.IsNullOrWhiteSpace(ProbabilityField))
        {
            problems.Add("Probability field: a minimum probability needs the field that holds the probability.");
        }
        return problems;
    }
}
