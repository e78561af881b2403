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

/// <summary>The LF analysis of one question: its totals and one row per labeling function in its label matrix.</summary>
/// <param name="Items">Usable items (active, not exact duplicates): the denominator of every share.</param>
/// <param name="Covered">Items at least one function voted on.</param>
/// <param name="Conflicting">Items whose votes name at least two different labels.</param>
/// <param name="WithAnswer">Items with a people's label (the majority of the annotators' current answers, no tie): what empirical accuracy is measured on.</param>
/// <param name="RunId">The question's current label-model run, whose learned accuracies are shown; null before the first fit.</param>
/// <param name="LeftOut">Enabled functions not analysed, with the reason (not applied yet, stopped).</param>
public sealed record QuestionAnalysisDto(
    string QuestionKey,
    string QuestionTitle,
    int Items,
    int Covered,
    int Overlapping,
    int Conflicting,
    int WithAnswer,
    int? RunId,
    string? Model,
    DateTime? FittedAt,
    IReadOnlyList<LfAnalysisRowDto> Functions,
    IReadOnlyList<string> LeftOut)
{
    public double Coverage => Items == 0 ? 0 : (double)Covered / Items;

    public double ConflictShare => Items == 0 ? 0 : (double)Conflicting / Items;
}

/// <summary>One labeling function's row of the LF analysis (Snorkel's LFAnalysis columns; shares of all usable items).</summary>
/// <param name="Polarity">The names of the labels it voted for, in schema order.</param>
/// <param name="Overlaps">Share of items it voted on together with another function.</param>
/// <param name="Conflicts">Share of items it voted on where the votes disagree.</param>
/// <param name="Correct">Its votes equal to the people's label, over the items that have one.</param>
/// <param name="EmpiricalAccuracy">Correct ÷ (Correct + Incorrect); null when it voted on no item with a people's label.</param>
/// <param name="LearnedAccuracy">What the current run's label model learned for this version of the function; null when that run did not include it.</param>
public sealed record LfAnalysisRowDto(
    int FunctionId,
    string Name,
    int Version,
    string QuestionKey,
    string QuestionTitle,
    IReadOnlyList<string> Polarity,
    int Votes,
    double Coverage,
    double Overlaps,
    double Conflicts,
    int Correct,
    int Incorrect,
    double? EmpiricalAccuracy,
    double? LearnedAccuracy);

/// <summary>The LF analysis of every question that has enabled labeling functions.</summary>
public sealed record LfAnalysisDto(IReadOnlyList<QuestionAnalysisDto> Questions);

/// <summary>An item a function voted on, next to what people answered.</summary>
/// <param name="Text">The item's text (cut after <see cref="WeakSupervisionService.HitTextLength"/> characters).</param>
/// <param name="Voted">The name of the label the function voted.</param>
/// <param name="Answered">The name of the people's label (majority of current answers).</param>
public sealed record LfJudgedItem(long ItemId, string Text, string Voted, string Answered);

/// <summary>A function's votes checked against people's answers: hits agree, misses disagree (the first ones of each, by item).</summary>
public sealed record LfHitsDto(int FunctionId, string Name, int HitCount, int MissCount, IReadOnlyList<LfJudgedItem> Hits, IReadOnlyList<LfJudgedItem> Misses);
