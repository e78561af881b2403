using Annotate.Core.WeakSupervision.Functions;

namespace Annotate.Web.Features.WeakSupervision;

/// <summary>What a Manager sends to create or change a labeling function.</summary>
/// <param name="Label">The label voted by keyword, regex, metadata and length rules.</param>
public sealed record LfRequest(string Name, string QuestionKey, LfRule Rule, string? Label = null)
{
    public LfDefinition ToDefinition() => new(Name?.Trim() ?? "", QuestionKey, Rule, Rule?.HasFixedLabel == true ? Label : null);
}

/// <summary>A labeling function with its current definition and how far that definition has been applied.</summary>
/// <param name="Applied">The current version has votes stored for every item there is.</param>
/// <param name="Error">Why applying stopped (e.g. a regular expression ran out of time on an item).</param>
public sealed record LfDto(
    int Id,
    string Name,
    string QuestionKey,
    LfRule Rule,
    string? Label,
    bool Enabled,
    int Version,
    int VersionId,
    bool Applied,
    DateTime? AppliedAt,
    string? Error,
    DateTime CreatedAt);

/// <summary>One item a function voted on in a test run, with where its text matched.</summary>
public sealed record LfHit(long ItemId, string Text, string Label, int MatchStart, int MatchLength);

/// <summary>
/// A function tried on a sample before saving: its hits (first ones), coverage and votes per label on the sample, and
/// its agreement with people's answers on the sample's items that have them.
/// </summary>
/// <param name="TimedOutItemId">The item on which the regular expression ran out of time; the test stopped there.</param>
/// <param name="Agreed">Votes equal to the annotators' current answer, over <paramref name="Compared"/> voted items that have one.</param>
public sealed record LfTestResult(
    int Sampled,
    int Votes,
    double Coverage,
    IReadOnlyDictionary<string, int> VotesByLabel,
    IReadOnlyList<LfHit> Hits,
    long? TimedOutItemId,
    int Compared,
    int Agreed);
