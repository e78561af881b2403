using Annotate.Core.Cleaning;
using Annotate.Core.Tests.TestSupport;

namespace Annotate.Core.Tests.Cleaning;

public class TokenCounterTests
{
    // Token ids that OpenAI's tiktoken gives for o200k_base, as pinned in the test suites of tiktoken ports
    // (js-tiktoken, tiktoken-rs and others): get_encoding("o200k_base").encode(text).
    [Theory]
    [InlineData("hello world", new[] { 24912, 2375 })]
    [InlineData(" 日本語とEnglish 12345!\n", new[] { 17428, 40909, 5330, 28881, 220, 7633, 2548, 4175 })]
    [InlineData("a\n\n", new[] { 64, 279 })]
    public void EncodesLikeTiktoken(string text, int[] ids)
    {
        Assert.Equal(ids, TokenCounter.O200kBase.Encode(text));
        Assert.Equal(ids.Length, TokenCounter.O200kBase.Count(text));
    }

    // "Hello, world!" is Hello | , | world | ! in o200k_base.
    [Theory]
    [InlineData("", 0)]
    [InlineData("Hello, world!", 4)]
    [InlineData(" ", 1)]
    [InlineData("<|endoftext|>", 1)]
    public void CountsTokensOfTheO200kBaseEncoding(string text, int expected) =>
        Assert.Equal(expected, TokenCounter.O200kBase.Count(text));

    [Fact]
    public void GivesTheSameCountsFromManyThreads()
    {
        var texts = Enumerable.Range(0, 2_000).Select(i => $"Message number {i}: call me at {i * 7919} or reply STOP.").ToArray();
        var sequential = texts.Select(TokenCounter.O200kBase.Count).ToArray();
        var parallel = new int[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { CancellationToken = TestContext.Current.CancellationToken },
            i => parallel[i] = TokenCounter.O200kBase.Count(texts[i]));
        Assert.Equal(sequential, parallel);
    }

    /// <summary>Count adds up the tokenizer's counts of each pre-token and remembers common ones; the totals must be the
    /// tokenizer's own, for real messages (numbers, URLs, emoji, non-Latin scripts) and for pieces longer than it
    /// remembers, counted twice so that the second pass reads remembered pieces.</summary>
    [Fact]
    public void CountsWhatTheTokenizerCounts()
    {
        var texts = SharedDatasets.SmsTexts().Concat(SharedDatasets.YouTubeComments())
            .Append("antidisestablishmentarianism supercalifragilisticexpialidocious")
            .Append("<|endoftext|>hello<|endofprompt|> 日本語のテキスト 👍🏽 12345678901234567890")
            .ToList();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var text in texts)
            {
                Assert.Equal(TokenCounter.O200kBase.CountWithTokenizerOnly(text), TokenCounter.O200kBase.Count(text));
            }
        }
    }

    [Fact]
    public void ThrowsOnNull() => Assert.Throws<ArgumentNullException>(() => TokenCounter.O200kBase.Count(null!));
}
