using Annotate.Core.Labeling;

namespace Annotate.Core.Tests.Labeling;

public class LabelSchemaTests
{
    private static readonly LabelSchema Sentiment = new(
        [new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
            [new LabelDefinition("pos", "Positive", "#43a047", "1"), new LabelDefinition("neg", "Negative", "#e53935", "2"), new LabelDefinition("neu", "Neutral", "#9e9e9e", "3")])]);

    [Fact]
    public void AValidSchemaHasNoProblems() => Assert.Empty(Sentiment.Problems());

    [Theory]
    [InlineData("a hotkey used twice", "Question 'sentiment', label 'Negative': hotkey '1' is already used by sentiment/Positive.")]
    [InlineData("a reserved hotkey", "hotkey 's' is not a single letter or digit, or is reserved")]
    [InlineData("a bad colour", "label 'Positive': the colour must look like #1e88e5.")]
    [InlineData("no labels", "Question 'sentiment': a Single question needs at least one label.")]
    [InlineData("a duplicate label key", "Question 'sentiment': two labels have the key 'pos'.")]
    [InlineData("a bad key", "Question 'bad key!': a key is 1 to 40 letters, digits, '_' or '-'.")]
    public void EachBrokenRuleIsNamed(string rule, string expected)
    {
        var q = Sentiment.Questions[0];
        LabelSchema broken = rule switch
        {
            "a hotkey used twice" => Sentiment with { Questions = [q with { Labels = [q.AllLabels[0], q.AllLabels[1] with { Hotkey = "1" }] }] },
            "a reserved hotkey" => Sentiment with { Questions = [q with { Labels = [q.AllLabels[0] with { Hotkey = "s" }] }] },
            "a bad colour" => Sentiment with { Questions = [q with { Labels = [q.AllLabels[0] with { Color = "green" }] }] },
            "no labels" => Sentiment with { Questions = [q with { Labels = [] }] },
            "a duplicate label key" => Sentiment with { Questions = [q with { Labels = [q.AllLabels[0], q.AllLabels[1] with { Key = "pos" }] }] },
            _ => Sentiment with { Questions = [q with { Key = "bad key!" }] },
        };
        Assert.Contains(broken.Problems(), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void RatingsAndPairwiseQuestionsNeedTheirSettings()
    {
        var schema = new LabelSchema([
            new QuestionDefinition("quality", "Quality", QuestionKind.Rating, Min: 5, Max: 1),
            new QuestionDefinition("better", "Which is better?", QuestionKind.Pairwise)]);
        var problems = schema.Problems();
        Assert.Contains(problems, p => p.StartsWith("Question 'quality': the scale", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Question 'better': a pairwise question names", StringComparison.Ordinal));
    }

    [Fact]
    public void ALabelLeftOutOfAnEditIsRetiredNotDeleted()
    {
        var q = Sentiment.Questions[0];
        var edited = Sentiment with { Questions = [q with { Labels = [q.AllLabels[0], q.AllLabels[1]] }] };
        var next = Sentiment.Evolve(edited);
        var neutral = Assert.Single(next.Questions[0].AllLabels, l => l.Key == "neu");
        Assert.True(neutral.Retired);
        Assert.Null(neutral.Hotkey);
        Assert.DoesNotContain(next.Questions[0].ActiveLabels, l => l.Key == "neu");
        Assert.Empty(next.Problems());
    }

    [Fact]
    public void AQuestionLeftOutIsKeptAsRetiredAndItsKeyCannotBeReused()
    {
        var withTopic = Sentiment with { Questions = [.. Sentiment.Questions, new QuestionDefinition("topic", "Topic", QuestionKind.Multi, [new LabelDefinition("sport", "Sport")])] };
        var withoutTopic = withTopic.Evolve(Sentiment);
        Assert.Equal("topic", Assert.Single(withoutTopic.RetiredQuestions).Key);
        Assert.Empty(withoutTopic.EvolveProblems(Sentiment));

        var reused = Sentiment with { Questions = [.. Sentiment.Questions, new QuestionDefinition("topic", "Another topic", QuestionKind.FreeText)] };
        Assert.Contains("the key belonged to a question that was removed", Assert.Single(withoutTopic.EvolveProblems(reused)));
    }

    [Fact]
    public void ASchemaSurvivesItsJsonForm()
    {
        var retired = Sentiment.Evolve(Sentiment with { Questions = [] }) with { Questions = Sentiment.Questions };
        var json = LabelingJson.Serialize(retired);
        var back = LabelingJson.Deserialize<LabelSchema>(json);
        Assert.Equal(json, LabelingJson.Serialize(back));
        Assert.Contains("\"kind\":\"Single\"", json);
    }
}

public class AnswerTests
{
    private static readonly LabelSchema Schema = new([
        new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single, [new LabelDefinition("pos", "Positive"), new LabelDefinition("old", "Old", Retired: true)]),
        new QuestionDefinition("topics", "Topics", QuestionKind.Multi, [new LabelDefinition("a", "A"), new LabelDefinition("b", "B")], Required: false),
        new QuestionDefinition("entities", "Entities", QuestionKind.Spans, [new LabelDefinition("per", "Person")], Required: false),
        new QuestionDefinition("quality", "Quality", QuestionKind.Rating, Required: false),
    ]);

    private static Answer With(params (string Key, QuestionAnswer Value)[] answers) => new(answers.ToDictionary(a => a.Key, a => a.Value));

    [Fact]
    public void AValidAnswerHasNoProblems() =>
        Assert.Empty(With(("sentiment", new(Label: "pos")), ("entities", new(Spans: [new SpanAnswer(0, 3, "per")])), ("quality", new(Rating: 4)))
            .Problems(Schema, "Ann went home"));

    [Theory]
    [InlineData("missing", "Question 'sentiment': an answer is required.")]
    [InlineData("retired", "Question 'sentiment': 'old' is not one of its labels.")]
    [InlineData("unknown question", "Question 'nope' is not in the schema.")]
    [InlineData("twice", "Question 'topics': a label is chosen twice.")]
    [InlineData("outside", "Question 'entities': span 5–40 is not inside the text (0–13).")]
    [InlineData("overlap", "Question 'entities': spans 0–3 and 2–6 overlap")]
    [InlineData("scale", "Question 'quality': 9 is outside the scale 1 to 5.")]
    public void EachProblemNamesItsQuestion(string problem, string expected)
    {
        var ok = ("sentiment", new QuestionAnswer(Label: "pos"));
        var answer = problem switch
        {
            "missing" => With(("quality", new(Rating: 3))),
            "retired" => With(("sentiment", new(Label: "old"))),
            "unknown question" => With(ok, ("nope", new(Label: "x"))),
            "twice" => With(ok, ("topics", new(Labels: ["a", "a"]))),
            "outside" => With(ok, ("entities", new(Spans: [new SpanAnswer(5, 40, "per")]))),
            "overlap" => With(ok, ("entities", new(Spans: [new SpanAnswer(0, 3, "per"), new SpanAnswer(2, 6, "per")]))),
            _ => With(ok, ("quality", new(Rating: 9))),
        };
        Assert.Contains(answer.Problems(Schema, "Ann went home"), p => p.StartsWith(expected, StringComparison.Ordinal));
    }
}
