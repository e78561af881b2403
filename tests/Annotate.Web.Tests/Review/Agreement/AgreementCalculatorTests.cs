using System.Globalization;
using Annotate.Core.Agreement;
using Annotate.Core.Labeling;
using Annotate.Web.Features.Review.Agreement;

namespace Annotate.Web.Tests.Review.Agreement;

/// <summary>The question kinds the store-backed tests do not cover: spans, pairwise choices, and very many distinct answers.</summary>
public class AgreementCalculatorTests
{
    private static readonly DateTime Now = new(2025, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    private static AgreementInput Input(QuestionDefinition question, IEnumerable<AnswerRow> rows) =>
        new(1, new AgreementQuestion(question.Key, question.Title, question.Kind, true), [], [.. rows],
            new Dictionary<string, string> { ["a"] = "Ann", ["b"] = "Ben" }, [], Now);

    private static AnswerRow Row(long item, string annotator, QuestionAnswer? answer, int version = 1) =>
        new(item, annotator, version, Now.AddMinutes(item), answer);

    [Fact]
    public void SpansAreComparedByCharacterOverlapPerLabelToo()
    {
        var question = new QuestionDefinition("ents", "Entities", QuestionKind.Spans, [new("PER", "Person"), new("ORG", "Organisation")]);
        SpanAnswer[][] ann = [[new(0, 5, "PER")], [new(0, 4, "ORG")], [], [new(3, 9, "PER"), new(12, 15, "ORG")]];
        SpanAnswer[][] ben = [[new(0, 5, "PER")], [new(0, 4, "PER")], [new(2, 3, "ORG")], [new(3, 8, "PER"), new(12, 15, "ORG")]];
        var rows = Enumerable.Range(0, 4).SelectMany(i => new[]
        {
            Row(i + 1, "a", new QuestionAnswer(Spans: ann[i])),
            Row(i + 1, "b", new QuestionAnswer(Spans: ben[i])),
        });

        var report = AgreementCalculator.For(question)!.Report(Input(question, rows));

        var expected = new ReliabilityDataBuilder<SpanSet>();
        var person = new ReliabilityDataBuilder<SpanSet>();
        for (var i = 0; i < 4; i++)
        {
            var item = (i + 1).ToString(CultureInfo.InvariantCulture);
            expected.Add(item, "a", new SpanSet(ann[i])).Add(item, "b", new SpanSet(ben[i]));
            person.Add(item, "a", new SpanSet(ann[i].Where(s => s.Label == "PER"))).Add(item, "b", new SpanSet(ben[i].Where(s => s.Label == "PER")));
        }
        Assert.Equal("character overlap", report.Measure);
        Assert.Equal(KrippendorffAlpha.WithDifference(expected.Build(), SpanDistance.CharacterOverlap).Alpha!.Value, report.Alpha.Value!.Value, 12);
        Assert.Equal(KrippendorffAlpha.WithDifference(expected.Build(), SpanDistance.ExactMatch).Alpha!.Value, report.SecondaryAlpha!.Value!.Value, 12);
        Assert.Equal(KrippendorffAlpha.WithDifference(person.Build(), SpanDistance.CharacterOverlap).Alpha!.Value, report.Labels.Single(l => l.Label == "PER").Alpha!.Value, 12);
        // Spans marked: PER by Ann on items 1 and 4, by Ben on 1, 2 and 4; ORG by Ann on 2 and 4, by Ben on 3 and 4.
        Assert.Equal([("PER", 5), ("ORG", 4)], report.Labels.Select(l => (l.Label, l.Given)));
        // Only item 1 matches exactly (item 4 is one character off).
        Assert.Equal(0.25, report.PercentAgreement.Value);
        Assert.Null(report.FleissKappa.Value);
        Assert.Null(report.Pairs.Single().Confusion);
        Assert.Equal(CohensKappa.Weighted(expected.Build(), 0, 1, SpanDistance.CharacterOverlap).Kappa!.Value, report.Pairs.Single().Kappa!.Value, 12);
        Assert.All(report.Annotators, a => Assert.Null(a.ModelAccuracy));
    }

    [Fact]
    public void PairwiseChoicesAreNominalInTheOrderATieB()
    {
        var question = new QuestionDefinition("pref", "Which is better?", QuestionKind.Pairwise, ResponseAField: "a", ResponseBField: "b");
        PairwiseChoice[] ann = [PairwiseChoice.A, PairwiseChoice.B, PairwiseChoice.Tie, PairwiseChoice.A];
        PairwiseChoice[] ben = [PairwiseChoice.A, PairwiseChoice.B, PairwiseChoice.B, PairwiseChoice.B];
        var rows = Enumerable.Range(0, 4).SelectMany(i => new[]
        {
            Row(i + 1, "a", new QuestionAnswer(Choice: ann[i])),
            Row(i + 1, "b", new QuestionAnswer(Choice: ben[i])),
        });

        var report = AgreementCalculator.For(question)!.Report(Input(question, rows));

        Assert.Equal(["A", "Tie", "B"], report.Labels.Select(l => l.Label));
        Assert.Equal([3, 1, 4], report.Labels.Select(l => l.Given));
        Assert.Equal(0.5, report.PercentAgreement.Value);
        // Ann (rows) against Ben (columns), axis A, Tie, B.
        Assert.Equal([[1.0, 0, 1], [0, 0, 1], [0, 0, 1]], report.Pairs.Single().Confusion!.Cells.Select(r => r.ToArray()));
        Assert.NotNull(report.Annotators[0].ModelAccuracy);
    }

    [Fact]
    public void ALaterVersionReplacesAnEarlierOneAndAnAnswerWithoutTheQuestionIsMissing()
    {
        var question = new QuestionDefinition("s", "Sentiment", QuestionKind.Single, [new("pos", "Positive"), new("neg", "Negative")]);
        AnswerRow[] rows =
        [
            Row(1, "a", new QuestionAnswer(Label: "pos")), Row(1, "b", new QuestionAnswer(Label: "neg")),
            Row(1, "b", new QuestionAnswer(Label: "pos"), version: 2),
            Row(2, "a", new QuestionAnswer(Label: "neg")), Row(2, "b", null),
        ];

        var report = AgreementCalculator.For(question)!.Report(Input(question, rows));

        Assert.Equal((2, 3, 1), (report.Items, report.Answers, report.PairableItems));
        Assert.Equal(1.0, report.PercentAgreement.Value);
        Assert.Equal(["Ann", "Ben"], report.Annotators.Select(a => a.Name));
    }

    [Fact]
    public void VeryManyDistinctSetsComputeTheHeadlineOnlyAndSaySo()
    {
        var question = new QuestionDefinition("ents", "Entities", QuestionKind.Spans, [new("PER", "Person")]);
        var rows = Enumerable.Range(0, 600).SelectMany(i => new[]
        {
            Row(i, "a", new QuestionAnswer(Spans: [new(i, i + 3, "PER")])),
            Row(i, "b", new QuestionAnswer(Spans: [new(i, i + 4, "PER")])),
        });

        var report = AgreementCalculator.For(question)!.Report(Input(question, rows));

        Assert.NotNull(report.Alpha.Value);
        Assert.Contains("1,200 distinct answers", report.Limits);
        Assert.Empty(report.Timeline);
        Assert.Null(report.SecondaryAlpha!.Value);
        Assert.All(report.Annotators, a => Assert.Null(a.AlphaWithout));
        Assert.Contains("1,000 distinct answers", report.Labels.Single().Note);
    }

    [Fact]
    public void FreeTextHasNoCalculator()
    {
        Assert.Null(AgreementCalculator.For(new QuestionDefinition("t", "Summary", QuestionKind.FreeText)));
    }
}
