using Annotate.Core.Cleaning;

namespace Annotate.Core.Tests.Cleaning;

public class TextNormalizerTests
{
    private static string Normalize(string text) => TextNormalizer.Normalize(text, NormalizeOptions.Default);

    [Theory]
    [InlineData("ﬁne", "fine")]                 // ligature
    [InlineData("ＡＢＣ１２３", "ABC123")]       // full-width forms
    [InlineData("x²", "x2")]                    // superscript
    [InlineData("e\u0301", "é")]                // composed
    [InlineData("a\u00A0b", "a b")]             // no-break space
    public void AppliesNfkc(string input, string expected) => Assert.Equal(expected, Normalize(input));

    [Theory]
    [InlineData("a\u200Bb\u200Cc\u200Dd\u2060e", "abcde")]
    [InlineData("\uFEFFhello\uFEFF", "hello")]
    [InlineData("co\u00ADoperate", "cooperate")]
    public void RemovesZeroWidthCharactersAndByteOrderMarks(string input, string expected) =>
        Assert.Equal(expected, Normalize(input));

    [Fact]
    public void StripsControlCharacters() => Assert.Equal("ab c", Normalize("a\u0000b\u0007 \u001Bc\u007F\u0085"));

    [Theory]
    [InlineData("  a  \t b  ", "a b")]
    [InlineData("a \n b", "a\nb")]
    [InlineData("a\r\nb\rc", "a\nb\nc")]
    [InlineData("a\n\nb", "a\n\nb")]
    [InlineData("a\n\n\n\n\nb", "a\n\nb")]
    [InlineData("a\n \n\t\n \nb", "a\n\nb")]
    [InlineData("\n\n a \n\n", "a")]
    [InlineData("", "")]
    [InlineData(" \t\n ", "")]
    public void CollapsesWhitespace(string input, string expected) => Assert.Equal(expected, Normalize(input));

    [Fact]
    public void KeepsNewlinesAndTabsWhenCollapseIsOff()
    {
        var options = NormalizeOptions.Default with { CollapseWhitespace = false };
        Assert.Equal("a\t\tb\n\n\n\nc  d\n", TextNormalizer.Normalize("a\t\tb\r\n\n\n\nc\u0001  d\r", options));
    }

    [Fact]
    public void DoesNothingWhenEveryStepIsOff()
    {
        var text = "ﬁ\u200B \u0001\n\n\n\n  x";
        Assert.Same(text, TextNormalizer.Normalize(text, new NormalizeOptions(false, false, false, false)));
    }

    [Fact]
    public void EachStepCanBeTurnedOff()
    {
        Assert.Equal("ﬁ x", TextNormalizer.Normalize("ﬁ  x", NormalizeOptions.Default with { UnicodeNfkc = false }));
        Assert.Equal("a\u200Bb", TextNormalizer.Normalize("a\u200Bb", NormalizeOptions.Default with { RemoveZeroWidth = false }));
        Assert.Equal("a\u0001b", TextNormalizer.Normalize("a\u0001b", NormalizeOptions.Default with { StripControlCharacters = false }));
    }

    [Fact]
    public void ReplacesLoneSurrogatesInsteadOfThrowing() =>
        Assert.Equal("a\uFFFDb😀", Normalize("a\uD83Db\uD83D\uDE00"));

    [Theory]
    [InlineData("plain words, one space apart")]
    [InlineData("déjà vu: 東京 😀 mixed scripts")]
    [InlineData("")]
    public void ReturnsTheTextItselfWhenNothingChanges(string input) => Assert.Same(input, Normalize(input));

    [Theory]
    [InlineData("a\u00a0b", "a b")]
    [InlineData("a\u2028b", "a\nb")]
    [InlineData("a\u0085b", "a\nb")]
    [InlineData("a\u200bb", "ab")]
    [InlineData("a\u0090b", "ab")]
    [InlineData("a ", "a")]
    [InlineData("\u3000a", "a")]
    public void TextsThatLookCleanButAreNotAreStillCollapsed(string input, string expected) => Assert.Equal(expected, Normalize(input));

    [Fact]
    public void IsIdempotent()
    {
        var once = Normalize("  Ｈｅｌｌｏ\u200B,\t\tworld!\r\n\r\n\r\n\u00A0next ﬁle  ");
        Assert.Equal("Hello, world!\n\nnext file", once);
        Assert.Equal(once, Normalize(once));
    }

    [Fact]
    public void ThrowsOnNullArguments()
    {
        Assert.Throws<ArgumentNullException>(() => TextNormalizer.Normalize(null!, NormalizeOptions.Default));
        Assert.Throws<ArgumentNullException>(() => TextNormalizer.Normalize("x", null!));
    }
}
