using System.Globalization;
using Annotate.Core.Agreement;
using Annotate.Core.Labeling;

namespace Annotate.Web.Features.Review.Agreement;

/// <summary>One stored version of one annotator's answer to the question being measured (null when it gave none).</summary>
internal sealed record AnswerRow(long ItemId, string AnnotatorId, int Version, DateTime At, QuestionAnswer? Answer);

/// <summary>A reference labeling loaded for the question.</summary>
internal sealed record LoadedReference(ReferenceInfo Info, IReadOnlyDictionary<long, QuestionAnswer> Answers);

/// <summary>What the calculator works from: every version of every answer, who is who, and the references.</summary>
internal sealed record AgreementInput(
    int ProjectId,
    AgreementQuestion Question,
    IReadOnlyList<AgreementQuestion> Questions,
    IReadOnlyList<AnswerRow> Rows,
    IReadOnlyDictionary<string, string> Names,
    IReadOnlyList<LoadedReference> References,
    DateTime Now);

/// <summary>
/// Turns the answers to one question into the agreement figures, with the measures that suit the question's kind:
/// labels and pairwise choices are nominal, ratings interval (ordinal too, and weighted κ), multi-label answers sets
/// compared by MASI, span answers compared by character overlap. Pure: no store, no clock.
/// </summary>
internal abstract class AgreementCalculator
{
    /// <summary>Set-valued answers (multi-label, spans) cost a distance per pair of distinct answers for α; above this
    /// many distinct answers α is computed once (the headline), not again per day and per annotator.</summary>
    public const int RepeatableDistinctAnswers = 1000;

    /// <summary>The most points the timeline and the count chart show.</summary>
    public const int MaxTimelinePoints = 60;

    /// <summary>The calculator for a question, or null when its answers have no agreement measure (free text).</summary>
    public static AgreementCalculator? For(QuestionDefinition question) => question.Kind switch
    {
        QuestionKind.Single => Labels(question),
        QuestionKind.Pairwise => Pairwise(),
        QuestionKind.Rating => Ratings(question),
        QuestionKind.Multi => MultiLabel(question),
        QuestionKind.Spans => Spans(question),
        _ => null,
    };

    public static string UnsupportedReason(QuestionDefinition question) =>
        $"'{question.Title}' asks for free text, and written answers have no agreement measure here; choose a question with labels, choices or ratings.";

    /// <summary>How answers differ for α, in words.</summary>
    public required string Measure { get; init; }

    /// <summary>Which κ the pair table shows, in words.</summary>
    public required string KappaMeasure { get; init; }

    public abstract AgreementReport Report(AgreementInput input);

    public abstract AnnotatorReport AnnotatorReport(AgreementInput input, string userId);

    private static string NameOf(QuestionDefinition question, string key) =>
        question.AllLabels.FirstOrDefault(l => l.Key == key)?.Name ?? key;

    private static AgreementCalculator<string> Labels(QuestionDefinition question) => new()
    {
        Measure = "nominal",
        KappaMeasure = "Cohen's κ",
        Comparer = StringComparer.Ordinal,
        Convert = a => string.IsNullOrEmpty(a.Label) ? (false, "") : (true, a.Label),
        Alpha = KrippendorffAlpha.Nominal,
        Kappa = (data, a, b) => CohensKappa.Compute(data, a, b),
        Categorical = true,
        Axis = [.. question.ActiveLabels.Select(l => l.Key)],
        Display = key => NameOf(question, key),
    };

    private static AgreementCalculator<string> Pairwise() => new()
    {
        Measure = "nominal",
        KappaMeasure = "Cohen's κ",
        Comparer = StringComparer.Ordinal,
        Convert = a => a.Choice is { } choice ? (true, choice.ToString()) : (false, ""),
        Alpha = KrippendorffAlpha.Nominal,
        Kappa = (data, a, b) => CohensKappa.Compute(data, a, b),
        Categorical = true,
        Axis = [nameof(PairwiseChoice.A), nameof(PairwiseChoice.Tie), nameof(PairwiseChoice.B)],
        Display = choice => choice,
    };

    private static AgreementCalculator<double> Ratings(QuestionDefinition question) => new()
    {
        Measure = "interval",
        KappaMeasure = "quadratic-weighted κ",
        Comparer = EqualityComparer<double>.Default,
        Convert = a => a.Rating is { } rating ? (true, rating) : (false, 0),
        Alpha = KrippendorffAlpha.Interval,
        Secondary = ("ordinal α", data => KrippendorffAlpha.Ordinal(data)),
        Kappa = (data, a, b) => CohensKappa.Weighted(data, a, b, KappaWeighting.Quadratic),
        Weighted = (data, a, b) => (CohensKappa.Weighted(data, a, b, KappaWeighting.Linear).Kappa, CohensKappa.Weighted(data, a, b, KappaWeighting.Quadratic).Kappa),
        Categorical = true,
        Axis = [.. Enumerable.Range(question.Min, Math.Max(0, question.Max - question.Min + 1)).Select(v => (double)v)],
        Display = v => v.ToString(CultureInfo.InvariantCulture),
    };

    private static AgreementCalculator<LabelSet> MultiLabel(QuestionDefinition question) => new()
    {
        Measure = "MASI distance",
        KappaMeasure = "MASI-weighted κ",
        Comparer = EqualityComparer<LabelSet>.Default,
        Convert = a => a.Labels is { Count: > 0 } labels ? (true, new LabelSet(labels)) : (false, null!),
        Alpha = data => KrippendorffAlpha.WithDifference(data, SetDistance.Masi),
        Secondary = ("Jaccard α", data => KrippendorffAlpha.WithDifference(data, SetDistance.Jaccard)),
        Kappa = (data, a, b) => CohensKappa.Weighted(data, a, b, SetDistance.Masi),
        SetValued = true,
        Display = set => "{" + string.Join(", ", set.Labels.Select(l => NameOf(question, l))) + "}",
        ByLabel = (data, current) => MultiLabelRows(question, data, current),
    };

    private static AgreementCalculator<SpanSet> Spans(QuestionDefinition question) => new()
    {
        Measure = "character overlap",
        KappaMeasure = "overlap-weighted κ",
        Comparer = EqualityComparer<SpanSet>.Default,
        Convert = ToSpanSet,
        Alpha = data => KrippendorffAlpha.WithDifference(data, SpanDistance.CharacterOverlap),
        Secondary = ("exact-span α", data => KrippendorffAlpha.WithDifference(data, SpanDistance.ExactMatch)),
        Kappa = (data, a, b) => CohensKappa.Weighted(data, a, b, SpanDistance.CharacterOverlap),
        SetValued = true,
        Display = set => set.ToString(),
        ByLabel = (data, current) => SpanRows(question, data, current),
    };

    private static (bool, SpanSet) ToSpanSet(QuestionAnswer answer)
    {
        if (answer.Spans is not { } spans)
        {
            return (false, null!);
        }
        try
        {
            return (true, new SpanSet(spans));
        }
        catch (ArgumentException)
        {
            // Stored answers were checked against the text when submitted; a malformed one counts as no answer.
            return (false, null!);
        }
    }

    /// <summary>Per label: "has this label or not" as a two-valued question.</summary>
    private static List<LabelRow> MultiLabelRows(QuestionDefinition question, ReliabilityData<LabelSet> data, IReadOnlyList<CurrentAnswer<LabelSet>> current)
    {
        var rows = new List<LabelRow>();
        foreach (var key in LabelKeys(question, current.Where(c => c.HasValue).SelectMany(c => c.Value.Labels)))
        {
            var builder = new ReliabilityDataBuilder<bool>();
            var given = 0;
            foreach (var answer in current.Where(c => c.HasValue))
            {
                var has = answer.Value.Labels.Contains(key, StringComparer.Ordinal);
                given += has ? 1 : 0;
                builder.Add(answer.Item, answer.Annotator, has);
            }
            var binary = builder.Build();
            var yes = AgreementBreakdown.ByLabel(binary).FirstOrDefault(l => l.Label);
            rows.Add(yes is null || given == 0
                ? new LabelRow(key, NameOf(question, key), given, null, null, "never given", null)
                : new LabelRow(key, NameOf(question, key), given, yes.SpecificAgreement, yes.Alpha, yes.UndefinedReason, null));
        }
        return rows;
    }

    /// <summary>Per label: each answer's spans of that label only, compared by character overlap.</summary>
    private static List<LabelRow> SpanRows(QuestionDefinition question, ReliabilityData<SpanSet> data, IReadOnlyList<CurrentAnswer<SpanSet>> current)
    {
        var rows = new List<LabelRow>();
        var withValue = current.Where(c => c.HasValue).ToList();
        foreach (var key in LabelKeys(question, withValue.SelectMany(c => c.Value.Spans.Select(s => s.Label))))
        {
            var builder = new ReliabilityDataBuilder<SpanSet>();
            var given = 0;
            foreach (var answer in withValue)
            {
                var mine = answer.Value.Spans.Where(s => s.Label == key).ToList();
                given += mine.Count;
                builder.Add(answer.Item, answer.Annotator, new SpanSet(mine));
            }
            var recoded = builder.Build();
            if (given == 0)
            {
                rows.Add(new LabelRow(key, NameOf(question, key), 0, null, null, "never marked", null));
                continue;
            }
            if (recoded.Values.Count > RepeatableDistinctAnswers)
            {
                rows.Add(new LabelRow(key, NameOf(question, key), given, null, null, $"more than {RepeatableDistinctAnswers:N0} distinct answers; see the headline α", null));
                continue;
            }
            var alpha = KrippendorffAlpha.WithDifference(recoded, SpanDistance.CharacterOverlap);
            rows.Add(new LabelRow(key, NameOf(question, key), given, null, alpha.Alpha, alpha.UndefinedReason, null));
        }
        return rows;
    }

    /// <summary>The schema's labels in order (retired ones only when used), then any other key found in answers.</summary>
    private static List<string> LabelKeys(QuestionDefinition question, IEnumerable<string> used)
    {
        var usedSet = used.ToHashSet(StringComparer.Ordinal);
        var keys = question.AllLabels.Where(l => !l.Retired || usedSet.Contains(l.Key)).Select(l => l.Key).ToList();
        keys.AddRange(usedSet.Where(k => !keys.Contains(k)).Order(StringComparer.Ordinal));
        return keys;
    }
}

/// <summary>An annotator's current answer to an item: the latest version, with or without a value.</summary>
internal sealed record CurrentAnswer<T>(string Item, string Annotator, bool HasValue, T Value);

internal sealed class AgreementCalculator<T> : AgreementCalculator
    where T : notnull
{
    public required IEqualityComparer<T> Comparer { get; init; }

    public required Func<QuestionAnswer, (bool HasValue, T Value)> Convert { get; init; }

    public required Func<ReliabilityData<T>, AlphaResult> Alpha { get; init; }

    public (string Name, Func<ReliabilityData<T>, AlphaResult> Alpha)? Secondary { get; init; }

    public required Func<ReliabilityData<T>, int, int, KappaResult> Kappa { get; init; }

    /// <summary>Ratings: linear and quadratic κ besides the unweighted one.</summary>
    public Func<ReliabilityData<T>, int, int, (double? Linear, double? Quadratic)>? Weighted { get; init; }

    /// <summary>Answers are categories: Fleiss' κ, confusion tables, Dawid–Skene and one-vs-rest per value apply.</summary>
    public bool Categorical { get; init; }

    /// <summary>Answers are sets: α costs a distance per pair of distinct answers.</summary>
    public bool SetValued { get; init; }

    /// <summary>Categorical answers in display order (the schema's).</summary>
    public IReadOnlyList<T> Axis { get; init; } = [];

    public required Func<T, string> Display { get; init; }

    /// <summary>Per-label rows for set-valued answers.</summary>
    public Func<ReliabilityData<T>, IReadOnlyList<CurrentAnswer<T>>, List<LabelRow>>? ByLabel { get; init; }

    public override AgreementReport Report(AgreementInput input) => Compute(input).Report;

    public override AnnotatorReport AnnotatorReport(AgreementInput input, string userId)
    {
        var (report, data, current) = Compute(input);
        var row = report.Annotators.FirstOrDefault(r => r.UserId == userId);
        var pairs = report.Pairs.Where(p => p.A == userId || p.B == userId).Select(p => p.A == userId ? p : Swap(p)).ToList();
        var index = data.IndexOfAnnotator(userId);
        ConfusionDto? majority = null;
        int majorityItems = 0;
        double? majorityAgreement = null;
        if (index >= 0)
        {
            var others = MajorityReference.OfOthers(data, index);
            var matrix = ConfusionMatrix.VersusReference(data, index, others);
            majorityItems = matrix.Total;
            majorityAgreement = matrix.Total > 0 ? (double)matrix.Agreeing / matrix.Total : null;
            if (Categorical && matrix.Total > 0)
            {
                majority = Reorder(matrix, $"{Name(input, userId)}'s answer", "the others' majority");
            }
        }

        var firsts = input.Rows.Where(r => r.AnnotatorId == userId && r.Version == 1).Select(r => r.At).ToList();
        IReadOnlyList<CountPoint> submitted = [];
        var days = 1;
        if (firsts.Count > 0)
        {
            var buckets = TimelineBuckets.Cover(firsts.Min(), firsts.Max(), MaxTimelinePoints);
            var counts = buckets.Count(firsts);
            submitted = [.. buckets.Ends.Select((end, b) => new CountPoint(end, counts[b]))];
            days = buckets.DaysPerBucket;
        }
        return new AnnotatorReport(
            input.ProjectId, userId, Name(input, userId), input.Question, input.Questions, null, Measure, KappaMeasure, report.Alpha,
            row, pairs, majority, majorityItems, majorityAgreement, report.References, submitted, days, input.Now);
    }

    private (AgreementReport Report, ReliabilityData<T> Data, List<CurrentAnswer<T>> Current) Compute(AgreementInput input)
    {
        var current = CurrentAnswers(input);
        var data = Build(current);
        var limits = new List<string>();
        var repeatable = !SetValued || data.Values.Count <= RepeatableDistinctAnswers;
        if (!repeatable)
        {
            limits.Add($"{data.Values.Count:N0} distinct answers: α is computed once; the timeline, α without each annotator and the second α are left out");
        }

        var alpha = Alpha(data);
        NamedFigure? secondary = null;
        if (Secondary is { } second)
        {
            var other = repeatable ? second.Alpha(data) : null;
            secondary = new NamedFigure(second.Name, other?.Alpha, other is null ? "left out: too many distinct answers" : other.UndefinedReason);
        }
        var percent = PercentAgreement.Compute(data);
        var fleiss = Categorical ? FleissKappa.Compute(data) : NoFleiss(data);
        var pairs = Pairs(input, data);
        var labels = Categorical ? CategoricalLabels(data, current, fleiss) : ByLabel!(data, current);
        var (annotators, model) = Annotators(input, data, current, pairs, repeatable);
        var (timeline, days) = repeatable ? Timeline(input) : ([], 1);

        var report = new AgreementReport(
            input.ProjectId, input.Question, input.Questions, null, Measure,
            ItemsWithValues(data), data.RatingCount, data.PairableItemCount,
            Figure.Of(alpha.Alpha, alpha.UndefinedReason), secondary,
            Figure.Of(percent.Value, percent.UndefinedReason),
            Figure.Of(fleiss.Kappa, fleiss.UndefinedReason),
            KappaMeasure, pairs, labels, annotators, model,
            [.. input.References.Select(r => r.Info)], timeline, days,
            limits.Count > 0 ? string.Join("; ", limits) : null, input.Now);
        return (report, data, current);
    }

    private static FleissKappaResult NoFleiss(ReliabilityData<T> data) =>
        new(null, data.Items.Count, 0, 0, 0, [], "Fleiss' κ counts categories, and these answers are sets; see α");

    /// <summary>Each annotator's latest version per item, ordered by annotator name so the tables list people alphabetically.</summary>
    private List<CurrentAnswer<T>> CurrentAnswers(AgreementInput input)
    {
        var latest = new Dictionary<(long, string), AnswerRow>();
        foreach (var row in input.Rows)
        {
            if (!latest.TryGetValue((row.ItemId, row.AnnotatorId), out var seen) || row.Version > seen.Version)
            {
                latest[(row.ItemId, row.AnnotatorId)] = row;
            }
        }
        return [.. latest.Values
            .OrderBy(r => Name(input, r.AnnotatorId), StringComparer.OrdinalIgnoreCase).ThenBy(r => r.AnnotatorId, StringComparer.Ordinal).ThenBy(r => r.ItemId)
            .Select(r => r.Answer is { } answer && Convert(answer) is { HasValue: true } converted
                ? new CurrentAnswer<T>(ItemId(r.ItemId), r.AnnotatorId, true, converted.Value)
                : new CurrentAnswer<T>(ItemId(r.ItemId), r.AnnotatorId, false, default!))];
    }

    private ReliabilityData<T> Build(IEnumerable<CurrentAnswer<T>> current)
    {
        var builder = new ReliabilityDataBuilder<T>(Comparer);
        foreach (var answer in current)
        {
            if (answer.HasValue)
            {
                builder.Add(answer.Item, answer.Annotator, answer.Value);
            }
            else
            {
                builder.AddMissing(answer.Item, answer.Annotator);
            }
        }
        return builder.Build();
    }

    private static int ItemsWithValues(ReliabilityData<T> data)
    {
        var count = 0;
        for (var u = 0; u < data.Items.Count; u++)
        {
            count += data.AnnotatorsOf(u).Length > 0 ? 1 : 0;
        }
        return count;
    }

    private List<PairRow> Pairs(AgreementInput input, ReliabilityData<T> data)
    {
        var rows = new List<PairRow>();
        var plain = AgreementBreakdown.ByPair(data);
        var p = 0;
        for (var a = 0; a < data.Annotators.Count; a++)
        {
            for (var b = a + 1; b < data.Annotators.Count; b++, p++)
            {
                var pair = plain[p];
                var kappa = Categorical && Weighted is null ? pair.Kappa : Kappa(data, a, b);
                var (linear, quadratic) = Weighted is { } weighted ? weighted(data, a, b) : (null, null);
                var confusion = Categorical && pair.SharedItems > 0
                    ? Reorder(ConfusionMatrix.Between(data, a, b), Name(input, pair.A), Name(input, pair.B))
                    : null;
                rows.Add(new PairRow(pair.A, Name(input, pair.A), pair.B, Name(input, pair.B), pair.SharedItems, pair.PercentAgreement,
                    kappa.Kappa, kappa.UndefinedReason, Weighted is null ? null : pair.Kappa.Kappa, linear, quadratic, confusion));
            }
        }
        return rows;
    }

    private List<LabelRow> CategoricalLabels(ReliabilityData<T> data, IReadOnlyList<CurrentAnswer<T>> current, FleissKappaResult fleiss)
    {
        var byLabel = AgreementBreakdown.ByLabel(data);
        var given = new Dictionary<T, int>(Comparer);
        foreach (var answer in current.Where(c => c.HasValue))
        {
            given[answer.Value] = given.GetValueOrDefault(answer.Value) + 1;
        }
        var rows = new List<LabelRow>();
        foreach (var value in AxisWith(data.Values, includeUnused: true))
        {
            var code = IndexOf(data.Values, value);
            var label = code >= 0 ? byLabel[code] : null;
            double? categoryKappa = code >= 0 && code < fleiss.CategoryKappas.Count ? fleiss.CategoryKappas[code] : null;
            rows.Add(label is null
                ? new LabelRow(Key(value), Display(value), 0, null, null, "never given", null)
                : new LabelRow(Key(value), Display(value), given.GetValueOrDefault(value), label.SpecificAgreement, label.Alpha, label.UndefinedReason, categoryKappa));
        }
        return rows;
    }

    private (List<AnnotatorRow> Rows, string? Model) Annotators(
        AgreementInput input, ReliabilityData<T> data, List<CurrentAnswer<T>> current, List<PairRow> pairs, bool repeatable)
    {
        var basics = AgreementBreakdown.ByAnnotator(data);
        AggregatedLabels<T>? model = null;
        string? modelNote;
        if (!Categorical)
        {
            modelNote = "Dawid–Skene estimates need one category per answer; these answers are sets";
        }
        else if (data.RatingCount == 0 || data.Annotators.Count < 2)
        {
            modelNote = "Dawid–Skene needs answers from two or more annotators";
        }
        else
        {
            model = LabelAggregation.Aggregate(data, AggregationMethod.DawidSkene);
            modelNote = null;
        }
        var references = input.References.Select(r => (r.Info, Scores: AgreementBreakdown.VersusReference(data, ReferenceValues(r)))).ToList();
        var nominal = Categorical && Weighted is null;

        var rows = new List<AnnotatorRow>();
        for (var a = 0; a < data.Annotators.Count; a++)
        {
            var id = data.Annotators[a];
            var basic = basics[a];
            var kappas = pairs.Where(p => (p.A == id || p.B == id) && p.Kappa is not null).Select(p => p.Kappa!.Value).ToList();
            double? alphaWithout = nominal
                ? basic.AlphaWithout.Alpha
                : repeatable && data.Annotators.Count > 1 ? Alpha(Build(current.Where(c => c.Annotator != id))).Alpha : null;
            var estimate = model?.Annotators[a];
            rows.Add(new AnnotatorRow(
                id, Name(input, id), basic.Items, basic.ItemsWithOthers, basic.AgreementWithOthers,
                kappas.Count > 0 ? kappas.Average() : null, alphaWithout,
                estimate?.Accuracy, estimate is { Items: > 0 } ? ModelConfusion(estimate.Confusion) : null,
                [.. references.Select(r => new ReferenceScore(r.Info.Key, r.Info.Name, r.Scores[a].Items, r.Scores[a].Accuracy, r.Scores[a].Kappa.Kappa))]));
        }
        return (rows, modelNote);
    }

    private Dictionary<string, T> ReferenceValues(LoadedReference reference)
    {
        var values = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (itemId, answer) in reference.Answers)
        {
            if (Convert(answer) is { HasValue: true } converted)
            {
                values[ItemId(itemId)] = converted.Value;
            }
        }
        return values;
    }

    private (List<TimelinePoint> Points, int DaysPerPoint) Timeline(AgreementInput input)
    {
        if (input.Rows.Count == 0)
        {
            return ([], 1);
        }
        var buckets = TimelineBuckets.Cover(input.Rows.Min(r => r.At), input.Rows.Max(r => r.At), MaxTimelinePoints);
        // Versions in order, so that two versions saved in the same tick still replace each other in order.
        var timed = input.Rows.OrderBy(r => r.Version).Select(r => r.Answer is { } answer && Convert(answer) is { HasValue: true } converted
            ? new TimedRating<T>(ItemId(r.ItemId), r.AnnotatorId, r.At, converted.Value)
            : TimedRating<T>.Missing(ItemId(r.ItemId), r.AnnotatorId, r.At));
        var points = AgreementTimeline.Cumulative(timed, buckets.Ends, Alpha, Comparer);
        return ([.. points.Select(p => new TimelinePoint(p.Until, p.Ratings, p.PairableItems, p.Alpha, p.PercentAgreement))], buckets.DaysPerBucket);
    }

    /// <summary>A Core confusion matrix on the display axis (the schema's order).</summary>
    private ConfusionDto Reorder(ConfusionMatrix<T> matrix, string rowTitle, string columnTitle)
    {
        var axis = AxisWith(matrix.Labels);
        var positions = axis.Select(v => IndexOf(matrix.Labels, v)).ToArray();
        var cells = positions.Select(r => (IReadOnlyList<double>)[.. positions.Select(c => (double)matrix[r, c])]).ToList();
        return new ConfusionDto([.. axis.Select(Display)], cells, rowTitle, columnTitle, Shares: false);
    }

    /// <summary>Dawid–Skene's π(answer | true label): each row a share.</summary>
    private ConfusionDto ModelConfusion(EstimatedConfusion<T> confusion)
    {
        var axis = AxisWith(confusion.Classes);
        var positions = axis.Select(v => IndexOf(confusion.Classes, v)).ToArray();
        var cells = positions.Select(r => (IReadOnlyList<double>)[.. positions.Select(c => confusion.Probability(r, c) ?? 0)]).ToList();
        return new ConfusionDto([.. axis.Select(Display)], cells, "estimated true answer", "answer given", Shares: true);
    }

    /// <summary>The schema's values in its order (only those in <paramref name="present"/> unless
    /// <paramref name="includeUnused"/>), then the values of <paramref name="present"/> the schema does not list.</summary>
    private List<T> AxisWith(IReadOnlyList<T> present, bool includeUnused = false)
    {
        var axis = Axis.Where(v => includeUnused || IndexOf(present, v) >= 0).ToList();
        foreach (var value in present)
        {
            if (!axis.Contains(value, Comparer))
            {
                axis.Add(value);
            }
        }
        return axis;
    }

    private int IndexOf(IReadOnlyList<T> values, T value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (Comparer.Equals(values[i], value))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Key(T value) => value is double d ? d.ToString(CultureInfo.InvariantCulture) : value.ToString() ?? "";

    private static string ItemId(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Name(AgreementInput input, string userId) => input.Names.GetValueOrDefault(userId) ?? userId;

    private static PairRow Swap(PairRow p) => p with
    {
        A = p.B,
        AName = p.BName,
        B = p.A,
        BName = p.AName,
        Confusion = p.Confusion is { } c
            ? c with
            {
                Cells = [.. Enumerable.Range(0, c.Labels.Count).Select(r => (IReadOnlyList<double>)[.. Enumerable.Range(0, c.Labels.Count).Select(col => c.Cells[col][r])])],
                RowTitle = c.ColumnTitle,
                ColumnTitle = c.RowTitle,
            }
            : null,
    };
}
