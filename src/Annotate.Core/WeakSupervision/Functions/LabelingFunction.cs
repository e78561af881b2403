using System.Globalization;
using System.Text.RegularExpressions;
using Annotate.Core.Labeling;

namespace Annotate.Core.WeakSupervision.Functions;

/// <summary>A labeling function as a Manager defines it: a rule, and the label it votes (for rules with a fixed label).</summary>
/// <param name="QuestionKey">The single-label question whose labels the function votes.</param>
public sealed record LfDefinition(string Name, string QuestionKey, LfRule Rule, string? Label = null)
{
    /// <summary>Every way the definition is unusable against <paramref name="schema"/>, naming the field.</summary>
    public IReadOnlyList<string> Problems(LabelSchema schema)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            problems.Add("Name: 1 to 100 characters.");
        }
        var question = schema.Find(QuestionKey ?? "");
        if (question is null)
        {
            problems.Add($"Question: '{QuestionKey}' is not in the schema.");
        }
        else if (question.Kind != QuestionKind.Single)
        {
            problems.Add($"Question: '{question.Title}' is not a single-label question; labeling functions vote one label.");
        }
        if (Rule is null)
        {
            problems.Add("Rule: missing.");
            return problems;
        }
        if (Rule.HasFixedLabel && question is { Kind: QuestionKind.Single } && !question.ActiveLabels.Any(l => l.Key == Label))
        {
            problems.Add(string.IsNullOrEmpty(Label) ? "Label: choose the label the function votes." : $"Label: '{Label}' is not one of the question's labels.");
        }
        problems.AddRange(Rule.Problems());
        return problems;
    }
}

/// <summary>An item as labeling functions see it.</summary>
public readonly record struct LfInput(long ItemId, string Text, IReadOnlyDictionary<string, string?> Metadata);

public enum LfOutcome
{
    Abstain,
    Vote,

    /// <summary>The regular expression ran past its time limit on this item; the function is unusable on this data.</summary>
    TimedOut,
}

/// <summary>One function's output on one item: a class index (a vote), or abstain; for text rules, where it matched.</summary>
public readonly record struct LfResult(LfOutcome Outcome, int Label = -1, int MatchStart = -1, int MatchLength = 0)
{
    public static LfResult Abstain => default;

    public bool Voted => Outcome == LfOutcome.Vote;
}

/// <summary>What functions that read people's work need: each annotator's current single label per item.</summary>
public interface ILfData
{
    /// <summary>The annotator's latest answer to the question, by item id.</summary>
    IReadOnlyDictionary<long, string> AnswersOf(string annotatorId, string questionKey);
}

/// <summary>
/// A labeling function ready to run over many items: regular expressions built once (with a per-item match timeout),
/// labels resolved to class indexes of the question's labels.
/// </summary>
public sealed class CompiledLf
{
    /// <summary>The default limit on one regular-expression match against one item.</summary>
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly Func<LfInput, LfResult> apply;

    private CompiledLf(LfDefinition definition, Func<LfInput, LfResult> apply)
    {
        Definition = definition;
        this.apply = apply;
    }

    public LfDefinition Definition { get; }

    public LfResult Apply(in LfInput input) => apply(input);

    /// <param name="classes">The question's labels; a vote is an index into this list.</param>
    /// <exception cref="ArgumentException">The definition has problems (check <see cref="LfDefinition.Problems"/> first).</exception>
    public static CompiledLf Compile(LfDefinition definition, IReadOnlyList<LabelDefinition> classes, ILfData? data = null, TimeSpan? matchTimeout = null)
    {
        var timeout = matchTimeout ?? DefaultMatchTimeout;
        var lookup = new LabelLookup(classes);
        var fixedLabel = definition.Label is null ? -1 : lookup.Find(definition.Label);
        if (definition.Rule.HasFixedLabel && fixedLabel < 0)
        {
            throw new ArgumentException($"'{definition.Label}' is not one of the labels.", nameof(definition));
        }
        Func<LfInput, LfResult> apply = definition.Rule switch
        {
            KeywordRule k => Keywords(k, fixedLabel, timeout),
            RegexRule r => Pattern(r, fixedLabel, timeout),
            MetadataRule m => input => Metadata(m, input.Metadata) ? new LfResult(LfOutcome.Vote, fixedLabel) : LfResult.Abstain,
            LengthRule l => input => Length(l, input.Text) ? new LfResult(LfOutcome.Vote, fixedLabel) : LfResult.Abstain,
            AnnotatorRule a => Annotator(a, definition.QuestionKey, lookup, data ?? throw new ArgumentException("An annotator rule needs the annotators' answers.", nameof(data))),
            PredictionRule p => input => Prediction(p, input.Metadata, lookup),
            _ => throw new ArgumentException($"Unknown rule {definition.Rule.GetType().Name}.", nameof(definition)),
        };
        return new CompiledLf(definition, apply);
    }

    private static Func<LfInput, LfResult> Keywords(KeywordRule rule, int label, TimeSpan timeout)
    {
        var words = rule.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct().ToList();
        var options = RegexOptions.CultureInvariant | (rule.CaseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
        // Escaped literals cannot backtrack badly, but hundreds of them against a huge text can still take long: they get
        // the same match timeout as patterns. Lookarounds rather than \b so keywords may start or end with punctuation
        // ("$$$", "!!!") and still be whole words.
        string Piece(string word) => rule.WholeWord ? $@"(?<![\w]){Regex.Escape(word)}(?![\w])" : Regex.Escape(word);
        if (!rule.MatchAll)
        {
            return Matching(Warm(new Regex(string.Join("|", words.OrderByDescending(w => w.Length).Select(Piece)), options | RegexOptions.Compiled, timeout)), label);
        }
        var each = words.Select(w => Warm(new Regex(Piece(w), options | RegexOptions.Compiled, timeout))).ToArray();
        return input =>
        {
            Match? first = null;
            foreach (var regex in each)
            {
                if (MatchWithinTimeout(regex, input.Text) is not { } match)
                {
                    return new LfResult(LfOutcome.TimedOut);
                }
                if (!match.Success)
                {
                    return LfResult.Abstain;
                }
                if (first is null || match.Index < first.Index)
                {
                    first = match;
                }
            }
            return new LfResult(LfOutcome.Vote, label, first!.Index, first.Length);
        };
    }

    private static Func<LfInput, LfResult> Pattern(RegexRule rule, int label, TimeSpan timeout)
        => Matching(Warm(new Regex(rule.Pattern, rule.Options | (rule.NonBacktracking ? RegexOptions.None : RegexOptions.Compiled), timeout)), label);

    /// <summary>Votes <paramref name="label"/> at the first match of <paramref name="regex"/>; a match that outlasts the regex's timeout is <see cref="LfOutcome.TimedOut"/>.</summary>
    private static Func<LfInput, LfResult> Matching(Regex regex, int label) =>
        input => MatchWithinTimeout(regex, input.Text) switch
        {
            null => new LfResult(LfOutcome.TimedOut),
            { Success: true } match => new LfResult(LfOutcome.Vote, label, match.Index, match.Length),
            _ => LfResult.Abstain,
        };

    /// <summary>
    /// The match, or null when it outlasted the timeout twice. A timed-out match is tried once more before it counts:
    /// the timeout is wall-clock time, and on a busy machine a thread can lose the processor for longer than that in the
    /// middle of a harmless match; a pattern that really backtracks runs out of time again.
    /// </summary>
    private static Match? MatchWithinTimeout(Regex regex, string text)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return regex.Match(text);
            }
            catch (RegexMatchTimeoutException) when (attempt == 0)
            {
            }
            catch (RegexMatchTimeoutException)
            {
                return null;
            }
        }
    }

    /// <summary>Runs <paramref name="regex"/> once on an empty text, so that compiling its code to machine code happens here
    /// and not inside the first item's timed match.</summary>
    private static Regex Warm(Regex regex)
    {
        try
        {
            regex.Match("");
        }
        catch (RegexMatchTimeoutException)
        {
        }
        return regex;
    }

    private static bool Metadata(MetadataRule rule, IReadOnlyDictionary<string, string?> metadata)
    {
        var present = metadata.TryGetValue(rule.Field, out var value) && value is not null;
        switch (rule.Operator)
        {
            case MetadataOperator.Exists:
                return present && value!.Length > 0;
            case MetadataOperator.Missing:
                return !present || value!.Length == 0;
        }
        if (!present)
        {
            return false;
        }
        var expected = rule.Value ?? "";
        var numbers = LfNumbers.TryParse(value, out var actualNumber) & LfNumbers.TryParse(expected, out var expectedNumber);
        return rule.Operator switch
        {
            MetadataOperator.Equals => numbers ? actualNumber == expectedNumber : string.Equals(value, expected, StringComparison.OrdinalIgnoreCase),
            MetadataOperator.NotEquals => numbers ? actualNumber != expectedNumber : !string.Equals(value, expected, StringComparison.OrdinalIgnoreCase),
            MetadataOperator.Contains => value!.Contains(expected, StringComparison.OrdinalIgnoreCase),
            MetadataOperator.StartsWith => value!.StartsWith(expected, StringComparison.OrdinalIgnoreCase),
            MetadataOperator.GreaterThan => numbers && actualNumber > expectedNumber,
            MetadataOperator.LessThan => numbers && actualNumber < expectedNumber,
            MetadataOperator.In => expected.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Any(option => string.Equals(option, value, StringComparison.OrdinalIgnoreCase)),
            _ => false,
        };
    }

    private static bool Length(LengthRule rule, string text)
    {
        if (text.Length < rule.MinChars || text.Length > rule.MaxChars)
        {
            return false;
        }
        if (rule.MinWords is null && rule.MaxWords is null)
        {
            return true;
        }
        var words = CountWords(text);
        return !(words < rule.MinWords || words > rule.MaxWords);
    }

    private static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    private static Func<LfInput, LfResult> Annotator(AnnotatorRule rule, string questionKey, LabelLookup lookup, ILfData data)
    {
        var answers = data.AnswersOf(rule.AnnotatorId, questionKey);
        return input => answers.TryGetValue(input.ItemId, out var answer) && lookup.Find(answer) is var label and >= 0
            ? new LfResult(LfOutcome.Vote, label)
            : LfResult.Abstain;
    }

    private static LfResult Prediction(PredictionRule rule, IReadOnlyDictionary<string, string?> metadata, LabelLookup lookup)
    {
        if (!metadata.TryGetValue(rule.LabelField, out var predicted) || string.IsNullOrWhiteSpace(predicted))
        {
            return LfResult.Abstain;
        }
        if (rule.MinProbability > 0)
        {
            if (rule.ProbabilityField is null || !metadata.TryGetValue(rule.ProbabilityField, out var p) || !LfNumbers.TryParse(p, out var probability)
                || probability < rule.MinProbability)
            {
                return LfResult.Abstain;
            }
        }
        var label = lookup.Find(predicted.Trim());
        return label >= 0 ? new LfResult(LfOutcome.Vote, label) : LfResult.Abstain;
    }

    /// <summary>Finds a class by key, else by name without case (predictions often carry names).</summary>
    private sealed class LabelLookup(IReadOnlyList<LabelDefinition> classes)
    {
        private readonly Dictionary<string, int> byKey = classes.Select((l, i) => (l.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        private readonly Dictionary<string, int> byName = classes.Select((l, i) => (l.Name, i)).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);

        public int Find(string value) =>
            byKey.TryGetValue(value, out var i) ? i : byName.TryGetValue(value, out var j) ? j : -1;
    }
}

/// <summary>Numbers in metadata are read with the invariant culture ("3.5", "1e3", "-2").</summary>
public static class LfNumbers
{
    public static bool TryParse(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
