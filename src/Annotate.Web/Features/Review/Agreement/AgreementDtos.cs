using Annotate.Core.Labeling;

namespace Annotate.Web.Features.Review.Agreement;

/// <summary>A question of the schema, and whether agreement can be measured on its answers.</summary>
public sealed record AgreementQuestion(string Key, string Title, QuestionKind Kind, bool Supported);

/// <summary>A coefficient, or null with the reason it is undefined.</summary>
public sealed record Figure(double? Value, string? Note = null)
{
    public static Figure Of(double? value, string? reasonWhenNull) => new(value, value is null ? reasonWhenNull : null);
}

/// <summary>A second α at another level or with another distance (ordinal for ratings, Jaccard for multi-label, exact spans).</summary>
public sealed record NamedFigure(string Name, double? Value, string? Note);

/// <summary>A square table of one annotator (rows) against another side (columns): counts, or shares of a row.</summary>
/// <param name="Labels">Display names on both axes.</param>
/// <param name="Cells">Rows of cells.</param>
/// <param name="RowTitle">What the rows are.</param>
/// <param name="ColumnTitle">What the columns are.</param>
/// <param name="Shares">True when each cell is a share of its row (0–1), false for counts.</param>
public sealed record ConfusionDto(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<double>> Cells, string RowTitle, string ColumnTitle, bool Shares);

/// <summary>Two annotators on the items both answered.</summary>
/// <param name="Kappa">The question's κ (see <see cref="AgreementReport.KappaMeasure"/>).</param>
/// <param name="UnweightedKappa">Cohen's κ treating every difference alike (ratings only).</param>
/// <param name="LinearKappa">Linearly weighted κ (ratings only).</param>
/// <param name="QuadraticKappa">Quadratically weighted κ (ratings only).</param>
/// <param name="Confusion">A's answers (rows) against B's (columns); single-label, pairwise and rating questions only.</param>
public sealed record PairRow(
    string A, string AName, string B, string BName, int SharedItems, double? PercentAgreement, double? Kappa, string? KappaNote,
    double? UnweightedKappa, double? LinearKappa, double? QuadraticKappa, ConfusionDto? Confusion);

/// <summary>How reliably one label is used, against all the others.</summary>
/// <param name="Given">How often annotators gave it (current answers).</param>
/// <param name="SpecificAgreement">When one annotator gave it, the share of the others on the item who did too.</param>
/// <param name="Alpha">α with every answer recoded to "this label" or not (for spans: α of this label's spans).</param>
/// <param name="FleissKappa">Fleiss' κ of this category (single-label, pairwise and rating questions with equal ratings per item).</param>
public sealed record LabelRow(string Label, string Name, int Given, double? SpecificAgreement, double? Alpha, string? Note, double? FleissKappa);

/// <summary>How one annotator compares with a reference labeling (reviewed labels, gold).</summary>
public sealed record ReferenceScore(string Key, string Name, int Items, double? Accuracy, double? Kappa);

/// <summary>One annotator against the others, the label model, and each reference.</summary>
/// <param name="Items">Items the annotator answered.</param>
/// <param name="ItemsWithOthers">Of those, items someone else answered too.</param>
/// <param name="AgreementWithOthers">Of the pairs (this annotator, another) on the same item, the share that gave the same answer.</param>
/// <param name="MeanPairwiseKappa">The mean of the question's κ with each other annotator.</param>
/// <param name="AlphaWithout">α of everyone else: above the headline α, this annotator lowers reliability.</param>
/// <param name="ModelAccuracy">Dawid–Skene's estimate of the share of the annotator's answers that are right.</param>
/// <param name="ModelConfusion">Dawid–Skene's estimate of the annotator's confusion: rows the estimated true label, cells shares of the row.</param>
public sealed record AnnotatorRow(
    string UserId, string Name, int Items, int ItemsWithOthers, double? AgreementWithOthers, double? MeanPairwiseKappa, double? AlphaWithout,
    double? ModelAccuracy, ConfusionDto? ModelConfusion, IReadOnlyList<ReferenceScore> References);

/// <summary>Agreement of the answers given up to <see cref="Until"/> (exclusive).</summary>
public sealed record TimelinePoint(DateTime Until, int Answers, int PairableItems, double? Alpha, double? PercentAgreement);

/// <summary>Answers given in the period ending at <see cref="Until"/> (exclusive).</summary>
public sealed record CountPoint(DateTime Until, int Count);

/// <summary>
/// The agreement of one question of a project, from the current answers (each annotator's latest version per item).
/// </summary>
/// <param name="Question">The question measured.</param>
/// <param name="Questions">Every question of the schema, for choosing another.</param>
/// <param name="Unsupported">Why nothing is measured for this question (free text), or null.</param>
/// <param name="Measure">How answers differ for α: "nominal", "interval", "MASI distance", "character overlap".</param>
/// <param name="Items">Items with at least one answer.</param>
/// <param name="Answers">Current answers with a value.</param>
/// <param name="PairableItems">Items answered by two or more annotators.</param>
/// <param name="Alpha">Krippendorff's α: the headline figure.</param>
/// <param name="SecondaryAlpha">α at another level or with another distance, when the question has one.</param>
/// <param name="KappaMeasure">Which κ the pairs show.</param>
/// <param name="Model">Why there are no Dawid–Skene estimates, or null when there are.</param>
/// <param name="TimelineDaysPerPoint">1 when the timeline is per day, 7 or more when per week(s).</param>
/// <param name="Limits">What was left out to keep the computation short, or null.</param>
public sealed record AgreementReport(
    int ProjectId,
    AgreementQuestion Question,
    IReadOnlyList<AgreementQuestion> Questions,
    string? Unsupported,
    string Measure,
    int Items,
    int Answers,
    int PairableItems,
    Figure Alpha,
    NamedFigure? SecondaryAlpha,
    Figure PercentAgreement,
    Figure FleissKappa,
    string KappaMeasure,
    IReadOnlyList<PairRow> Pairs,
    IReadOnlyList<LabelRow> Labels,
    IReadOnlyList<AnnotatorRow> Annotators,
    string? Model,
    IReadOnlyList<ReferenceInfo> References,
    IReadOnlyList<TimelinePoint> Timeline,
    int TimelineDaysPerPoint,
    string? Limits,
    DateTime ComputedAt);

/// <summary>A reference labeling annotators are compared with.</summary>
public sealed record ReferenceInfo(string Key, string Name);

/// <summary>
/// One annotator's figures for one question: against the others, the label model, the others' majority and each
/// reference, and how many answers they gave over time.
/// </summary>
/// <param name="Row">The annotator's row of the project report; null when they have not answered this question.</param>
/// <param name="Pairs">Their κ with each other annotator (they are always side A).</param>
/// <param name="MajorityConfusion">Their answers (rows) against the majority of the other annotators on the same item
/// (columns), over the items where the others have a strict majority.</param>
/// <param name="MajorityItems">Items in <paramref name="MajorityConfusion"/>.</param>
/// <param name="MajorityAgreement">The share of those items where they gave the majority's answer.</param>
/// <param name="Submitted">Items they answered for the first time (any question), per period.</param>
public sealed record AnnotatorReport(
    int ProjectId,
    string UserId,
    string Name,
    AgreementQuestion Question,
    IReadOnlyList<AgreementQuestion> Questions,
    string? Unsupported,
    string Measure,
    string KappaMeasure,
    Figure ProjectAlpha,
    AnnotatorRow? Row,
    IReadOnlyList<PairRow> Pairs,
    ConfusionDto? MajorityConfusion,
    int MajorityItems,
    double? MajorityAgreement,
    IReadOnlyList<ReferenceInfo> References,
    IReadOnlyList<CountPoint> Submitted,
    int SubmittedDaysPerPoint,
    DateTime ComputedAt);
