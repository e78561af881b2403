using System.Diagnostics;
using System.Text.Json;
using Annotate.Core.Labeling;
using Annotate.Core.WeakSupervision.Functions;

namespace Annotate.Core.Tests.WeakSupervision;

public class LabelingFunctionTests
{
    private static readonly LabelDefinition[] Classes = [new("ham", "Ham"), new("spam", "Spam")];

    private static readonly LabelSchema Schema = new([
        new QuestionDefinition("kind", "Spam?", QuestionKind.Single, Classes),
        new QuestionDefinition("topics", "Topics", QuestionKind.Multi, [new("a", "A")])]);

    private static readonly Dictionary<string, string?> NoMetadata = [];

    private static LfResult Run(LfRule rule, string text, IReadOnlyDictionary<string, string?>? metadata = null, string label = "spam", ILfData? data = null, long itemId = 1) =>
        CompiledLf.Compile(new LfDefinition("test", "kind", rule, rule.HasFixedLabel ? label : null), Classes, data).Apply(new LfInput(itemId, text, metadata ?? NoMetadata));

    [Theory]
    [InlineData("Check out my channel", true, 10, 2)]
    [InlineData("CHECK OUT MY CHANNEL!", true, 10, 2)]
    [InlineData("mychannel is great", false, -1, 0)]
    [InlineData("please SUBSCRIBE", true, 7, 9)]
    // The hyphen ends the word, so "my" is whole there.
    [InlineData("visit my-channel", true, 6, 2)]
    public void AKeywordVotesWhereItAppearsAsAWholeWordAndSaysWhere(string text, bool votes, int start, int length)
    {
        var result = Run(new KeywordRule(["my", "subscribe"]), text);
        Assert.Equal(votes, result.Voted);
        if (votes)
        {
            Assert.Equal((1, start, length), (result.Label, result.MatchStart, result.MatchLength));
        }
    }

    [Fact]
    public void KeywordOptionsCaseAllPartsAndPunctuation()
    {
        Assert.False(Run(new KeywordRule(["Free"], CaseSensitive: true), "free stuff").Voted);
        Assert.True(Run(new KeywordRule(["Free"], CaseSensitive: true), "Free stuff").Voted);
        Assert.True(Run(new KeywordRule(["art"], WholeWord: false), "start").Voted);
        Assert.False(Run(new KeywordRule(["art"]), "start").Voted);
        Assert.False(Run(new KeywordRule(["win", "prize"], MatchAll: true), "you win").Voted);
        var both = Run(new KeywordRule(["prize", "win"], MatchAll: true), "you win a prize");
        Assert.Equal((4, 3), (both.MatchStart, both.MatchLength));
        // Keywords made of punctuation are still whole "words", and regex characters are taken literally.
        Assert.True(Run(new KeywordRule(["$$$"]), "make $$$ now").Voted);
        Assert.False(Run(new KeywordRule(["a.c"]), "abc").Voted);
        Assert.True(Run(new KeywordRule(["click here"]), "Please CLICK HERE.").Voted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KeywordsRunWithTheMatchTimeoutToo(bool matchAll)
    {
        // Many keywords against a huge text of near misses (every word starts like a keyword): the scan outlasts 1 ms.
        var keywords = Enumerable.Range(0, 300).Select(i => $"keyword{i}").ToArray();
        var huge = string.Concat(Enumerable.Repeat("keywordx ", 2_000_000));
        var compiled = CompiledLf.Compile(new LfDefinition("many", "kind", new KeywordRule(keywords, MatchAll: matchAll), "spam"), Classes,
            matchTimeout: TimeSpan.FromMilliseconds(1));
        Assert.Equal(LfOutcome.TimedOut, compiled.Apply(new LfInput(1, huge, NoMetadata)).Outcome);
    }

    [Fact]
    public void ARegexVotesWithItsMatchAndATimeoutIsReportedNotThrown()
    {
        var hit = Run(new RegexRule(@"\b\d{3}-\d{4}\b"), "call 555-1234 now");
        Assert.Equal((LfOutcome.Vote, 5, 8), (hit.Outcome, hit.MatchStart, hit.MatchLength));
        Assert.Equal(LfOutcome.Abstain, Run(new RegexRule("^free"), "not free").Outcome);

        // Catastrophic backtracking: stopped by the per-item limit and reported as a timeout.
        var evil = new string('a', 40) + "!";
        var compiled = CompiledLf.Compile(new LfDefinition("evil", "kind", new RegexRule("(a+)+$"), "spam"), Classes, matchTimeout: TimeSpan.FromMilliseconds(50));
        var clock = Stopwatch.StartNew();
        Assert.Equal(LfOutcome.TimedOut, compiled.Apply(new LfInput(1, evil, NoMetadata)).Outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the timeout must stop the match");
        // The same pattern with NonBacktracking runs in linear time and simply does not match.
        Assert.Equal(LfOutcome.Abstain, Run(new RegexRule("(a+)+$", NonBacktracking: true), evil).Outcome);
    }

    [Fact]
    public void MetadataComparesNumbersAsNumbersAndTextWithoutCase()
    {
        var metadata = new Dictionary<string, string?> { ["stars"] = "4.5", ["lang"] = "EN", ["empty"] = "", ["author"] = "Bot-7" };
        Assert.True(Run(new MetadataRule("stars", MetadataOperator.GreaterThan, "4"), "", metadata).Voted);
        Assert.False(Run(new MetadataRule("stars", MetadataOperator.LessThan, "4"), "", metadata).Voted);
        Assert.True(Run(new MetadataRule("stars", MetadataOperator.Equals, "4.50"), "", metadata).Voted);
        Assert.True(Run(new MetadataRule("lang", MetadataOperator.Equals, "en"), "", metadata).Voted);
        Assert.True(Run(new MetadataRule("lang", MetadataOperator.In, "de, en ,fr"), "", metadata).Voted);
        Assert.True(Run(new MetadataRule("author", MetadataOperator.StartsWith, "bot"), "", metadata).Voted);
        Assert.True(Run(new MetadataRule("author", MetadataOperator.Contains, "-7"), "", metadata).Voted);
        Assert.True(Run(new MetadataRule("lang", MetadataOperator.NotEquals, "de"), "", metadata).Voted);
        Assert.True(Run(new MetadataRule("empty", MetadataOperator.Missing), "", metadata).Voted);
        Assert.True(Run(new MetadataRule("nowhere", MetadataOperator.Missing), "", metadata).Voted);
        Assert.False(Run(new MetadataRule("nowhere", MetadataOperator.NotEquals, "x"), "", metadata).Voted);
        Assert.True(Run(new MetadataRule("lang", MetadataOperator.Exists), "", metadata).Voted);
    }

    [Fact]
    public void LengthCountsCharactersAndWords()
    {
        Assert.True(Run(new LengthRule(MaxWords: 3), "  too   short ").Voted);
        Assert.False(Run(new LengthRule(MaxWords: 3), "one two three four").Voted);
        Assert.True(Run(new LengthRule(MinChars: 5, MaxChars: 5), "12345").Voted);
        Assert.False(Run(new LengthRule(MinChars: 6), "12345").Voted);
    }

    [Fact]
    public void AnAnnotatorsAnswersVoteTheirLabelWhereTheyAnswered()
    {
        var data = new FakeData(new Dictionary<long, string> { [1] = "ham", [2] = "spam", [3] = "retired-label" });
        Assert.Equal(0, Run(new AnnotatorRule("u1"), "", data: data, itemId: 1).Label);
        Assert.Equal(1, Run(new AnnotatorRule("u1"), "", data: data, itemId: 2).Label);
        Assert.False(Run(new AnnotatorRule("u1"), "", data: data, itemId: 3).Voted);
        Assert.False(Run(new AnnotatorRule("u1"), "", data: data, itemId: 4).Voted);
        Assert.Equal(("u1", "kind"), data.Asked);
    }

    [Fact]
    public void PredictionsVoteTheirLabelByKeyOrNameAboveTheThreshold()
    {
        var rule = new PredictionRule("llm", "llm_p", 0.7);
        Assert.Equal(1, Run(rule, "", new Dictionary<string, string?> { ["llm"] = "SPAM", ["llm_p"] = "0.9" }).Label);
        Assert.Equal(0, Run(rule, "", new Dictionary<string, string?> { ["llm"] = "ham", ["llm_p"] = "0.7" }).Label);
        Assert.False(Run(rule, "", new Dictionary<string, string?> { ["llm"] = "spam", ["llm_p"] = "0.69" }).Voted);
        Assert.False(Run(rule, "", new Dictionary<string, string?> { ["llm"] = "spam" }).Voted);
        Assert.False(Run(new PredictionRule("llm"), "", new Dictionary<string, string?> { ["llm"] = "maybe" }).Voted);
    }

    [Fact]
    public void ProblemsNameTheField()
    {
        Assert.Contains("Pattern: ", Assert.Single(new LfDefinition("x", "kind", new RegexRule("(unclosed"), "spam").Problems(Schema)));
        Assert.Contains("NonBacktracking", Assert.Single(new RegexRule(@"(\w)\1", NonBacktracking: true).Problems()));
        Assert.Equal(["Keywords: give at least one keyword or phrase."], new KeywordRule([" "]).Problems());
        Assert.Equal(["Label: 'eggs' is not one of the question's labels."], new LfDefinition("x", "kind", new KeywordRule(["a"]), "eggs").Problems(Schema));
        Assert.Equal(["Label: choose the label the function votes."], new LfDefinition("x", "kind", new KeywordRule(["a"])).Problems(Schema));
        Assert.Contains("not a single-label question", Assert.Single(new LfDefinition("x", "topics", new KeywordRule(["a"]), "a").Problems(Schema)));
        Assert.Equal(["Value: 'lots' is not a number, and GreaterThan compares numbers."], new MetadataRule("n", MetadataOperator.GreaterThan, "lots").Problems());
        Assert.Equal(["Length: the minimum of 9 characters is above the maximum of 3."], new LengthRule(MinChars: 9, MaxChars: 3).Problems());
        Assert.Empty(new LfDefinition("ok", "kind", new AnnotatorRule("u1")).Problems(Schema));
    }

    [Fact]
    public void RulesRoundTripAsJsonWithTheirKind()
    {
        LfRule[] rules = [new KeywordRule(["a", "b"], MatchAll: true), new RegexRule("x+", NonBacktracking: true), new MetadataRule("f", MetadataOperator.In, "a,b"),
            new LengthRule(MaxWords: 4), new AnnotatorRule("u"), new PredictionRule("p", "q", 0.5)];
        foreach (var rule in rules)
        {
            var json = LabelingJson.Serialize<LfRule>(rule);
            var back = LabelingJson.Deserialize<LfRule>(json);
            Assert.Equal(LabelingJson.Serialize<LfRule>(back), json);
            Assert.Equal(rule.GetType(), back.GetType());
        }
        Assert.StartsWith("""{"kind":"keyword","keywords":["a","b"],"matchAll":true""", LabelingJson.Serialize<LfRule>(rules[0]));
    }

    private sealed class FakeData(IReadOnlyDictionary<long, string> answers) : ILfData
    {
        public (string, string)? Asked { get; private set; }

        public IReadOnlyDictionary<long, string> AnswersOf(string annotatorId, string questionKey)
        {
            Asked = (annotatorId, questionKey);
            return answers;
        }
    }
}
