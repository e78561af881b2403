using Annotate.Core.Cleaning;

namespace Annotate.Core.Tests.Cleaning;

public class TextCleanerTests
{
    private const string WithPii = "  Mail  john@example.com or call 020 7946 0958\u200B, or mail jane@example.org.  ";

    [Fact]
    public void NormalisesAndMasksByDefault()
    {
        var result = TextCleaner.Clean(WithPii, isHtml: false, CleaningOptions.Default);

        Assert.Equal("Mail [EMAIL] or call [PHONE], or mail [EMAIL].", result.Text);
        Assert.Null(result.Original);
        Assert.Equal(PiiKind.Email | PiiKind.Phone, result.Pii);
        Assert.Equal(new Dictionary<PiiKind, int> { [PiiKind.Email] = 2, [PiiKind.Phone] = 1 }, result.PiiCounts);
        Assert.Equal(TokenCounter.O200kBase.Count(result.Text), result.Tokens);
        Assert.Null(result.FilteredReason);
        Assert.True(result.IsKept);
    }

    [Fact]
    public void KeepOriginalReturnsTheInputWhenCleaningChangedIt()
    {
        var options = CleaningOptions.Default with { KeepOriginal = true };
        Assert.Equal(WithPii, TextCleaner.Clean(WithPii, false, options).Original);
        Assert.Null(TextCleaner.Clean("already clean", false, options).Original);
    }

    [Fact]
    public void FlagCountsPersonalDataButLeavesTheText()
    {
        var result = TextCleaner.Clean(WithPii, false, CleaningOptions.Default with { Pii = PiiHandling.Flag });
        Assert.Equal("Mail john@example.com or call 020 7946 0958, or mail jane@example.org.", result.Text);
        Assert.Equal(PiiKind.Email | PiiKind.Phone, result.Pii);
        Assert.Null(result.FilteredReason);
    }

    [Fact]
    public void KeepDoesNotLookForPersonalData()
    {
        var result = TextCleaner.Clean(WithPii, false, CleaningOptions.Default with { Pii = PiiHandling.Keep });
        Assert.Contains("john@example.com", result.Text);
        Assert.Equal(PiiKind.None, result.Pii);
        Assert.Empty(result.PiiCounts);
    }

    [Fact]
    public void DropFiltersItemsWithPersonalDataAndMasksThem()
    {
        var options = CleaningOptions.Default with { Pii = PiiHandling.Drop };
        var dropped = TextCleaner.Clean(WithPii, false, options);
        Assert.Equal(FilterReasons.Pii, dropped.FilteredReason);
        Assert.DoesNotContain("john@example.com", dropped.Text);
        Assert.Null(TextCleaner.Clean("nothing personal", false, options).FilteredReason);
    }

    [Fact]
    public void ExtractsHtmlBeforeNormalising()
    {
        const string html = "<html><head><title>News</title></head><body><nav>Menu</nav>" +
            "<main><p>First&nbsp;line&#8203;.</p><p>Second ﬁne line.</p></main></body></html>";
        Assert.Equal("News\n\nFirst line.\n\nSecond fine line.", TextCleaner.Clean(html, isHtml: true, CleaningOptions.Default).Text);
        Assert.Equal("<b>x</b>", TextCleaner.Clean("<b>x</b>", isHtml: false, CleaningOptions.Default).Text);
        Assert.Equal("<b>x</b>", TextCleaner.Clean("<b>x</b>", isHtml: true, CleaningOptions.Default with { HtmlToText = false }).Text);
    }

    [Fact]
    public void DoesNotRepeatATitleThatOpensTheText()
    {
        const string html = "<title>Story</title><article><h1>Story</h1><p>Body.</p></article>";
        Assert.Equal("Story\n\nBody.", TextCleaner.Clean(html, true, CleaningOptions.Default).Text);
    }

    [Fact]
    public void LeavesTheTextAloneWhenNormaliseIsOff()
    {
        var options = CleaningOptions.Default with { Normalize = false, Pii = PiiHandling.Keep };
        Assert.Equal(WithPii, TextCleaner.Clean(WithPii, false, options).Text);
    }

    [Theory]
    [InlineData("   ", 1, null, null, null, FilterReasons.TooShort)]
    [InlineData("four", 5, null, null, null, FilterReasons.TooShort)]
    [InlineData("four", 4, 4, null, null, null)]
    [InlineData("too long", null, 7, null, null, FilterReasons.TooLong)]
    [InlineData("Hello, world!", null, null, 5, null, FilterReasons.TooFewTokens)]
    [InlineData("Hello, world!", null, null, 4, 4, null)]
    [InlineData("Hello, world!", null, null, null, 3, FilterReasons.TooManyTokens)]
    public void AppliesLengthFiltersInclusively(string text, int? minChars, int? maxChars, int? minTokens, int? maxTokens, string? reason)
    {
        var options = new CleaningOptions(MinChars: minChars, MaxChars: maxChars, MinTokens: minTokens, MaxTokens: maxTokens);
        Assert.Equal(reason, TextCleaner.Clean(text, false, options).FilteredReason);
    }

    [Fact]
    public void ChecksPiiBeforeLength()
    {
        var options = CleaningOptions.Default with { Pii = PiiHandling.Drop, MaxChars = 3 };
        Assert.Equal(FilterReasons.Pii, TextCleaner.Clean("a@example.com", false, options).FilteredReason);
    }

    [Fact]
    public void ThrowsOnInvalidArguments()
    {
        Assert.Throws<ArgumentNullException>(() => TextCleaner.Clean(null!, false, CleaningOptions.Default));
        Assert.Throws<ArgumentNullException>(() => TextCleaner.Clean("x", false, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => TextCleaner.Clean("x", false, new CleaningOptions(MinChars: 10, MaxChars: 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TextCleaner.Clean("x", false, new CleaningOptions(MinTokens: -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TextCleaner.Clean("x", false, new CleaningOptions(NearThreshold: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TextCleaner.Clean("x", false, new CleaningOptions(Pii: (PiiHandling)42)));
    }

    [Fact]
    public void NearDuplicateOptionsCarryTheThreshold() =>
        Assert.Equal(0.9, new CleaningOptions(NearThreshold: 0.9).NearDuplicates.Threshold);
}
