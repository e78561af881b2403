using Annotate.Core.Labeling;

namespace Annotate.Core.Tests.Review;

/// <summary>A schema with one question of every kind, and short ways to write answers to it.</summary>
internal static class ReviewSchemas
{
    public static LabelSchema All { get; } = new(
    [
        new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single, [new("pos", "Positive"), new("neg", "Negative"), new("neu", "Neutral")]),
        new QuestionDefinition("topics", "Topics", QuestionKind.Multi, [new("price", "Price"), new("battery", "Battery"), new("screen", "Screen")], Required: false),
        new QuestionDefinition("entities", "Entities", QuestionKind.Spans, [new("PER", "Person"), new("ORG", "Organisation")], Required: false),
        new QuestionDefinition("quality", "Quality", QuestionKind.Rating, Required: false, Min: 1, Max: 5),
        new QuestionDefinition("better", "Better", QuestionKind.Pairwise, Required: false, ResponseAField: "a", ResponseBField: "b"),
        new QuestionDefinition("summary", "Summary", QuestionKind.FreeText, Required: false),
    ]);

    public static Answer Single(string label) => Of(("sentiment", new QuestionAnswer(Label: label)));

    public static Answer Of(params (string Key, QuestionAnswer Answer)[] questions) => new(questions.ToDictionary(q => q.Key, q => q.Answer));

    public static QuestionAnswer Labels(params string[] labels) => new(Labels: labels);

    public static QuestionAnswer Spans(params (int Start, int End, string Label)[] spans) => new(Spans: [.. spans.Select(s => new SpanAnswer(s.Start, s.End, s.Label))]);

    public static QuestionAnswer Rating(int value) => new(Rating: value);
}
