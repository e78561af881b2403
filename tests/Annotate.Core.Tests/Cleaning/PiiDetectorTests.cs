using Annotate.Core.Cleaning;
using Annotate.Core.Tests.TestSupport;

namespace Annotate.Core.Tests.Cleaning;

public class PiiDetectorTests
{
    private static (PiiKind Kind, string Text)[] Found(string text) =>
        PiiDetector.Find(text).Select(m => (m.Kind, text.Substring(m.Start, m.Length))).ToArray();

    private static void AssertFinds(PiiKind kind, string value, string prefix = "contact: ", string suffix = " thanks") =>
        Assert.Equal([(kind, value)], Found(prefix + value + suffix));

    private static void AssertFindsNothing(string text) => Assert.Empty(Found(text));

    [Theory]
    [InlineData("john.doe@example.com")]
    [InlineData("a+tag@mail.example.co.uk")]
    [InlineData("x_y-z%1@sub-domain.example.org")]
    [InlineData("josé@exämple.de")]
    public void FindsEmailAddresses(string value) => AssertFinds(PiiKind.Email, value);

    [Theory]
    [InlineData("user@localhost")]
    [InlineData("follow @handle on X")]
    [InlineData("a@b")]
    [InlineData("meet me @ 5")]
    public void IgnoresThingsThatAreNotEmailAddresses(string text) => AssertFindsNothing(text);

    [Theory]
    [InlineData("+44 20 7946 0958")]
    [InlineData("+1 (555) 123-4567")]
    [InlineData("+1-555-123-4567")]
    [InlineData("+49 (0)30 1234567")]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("+4915112345678")]
    [InlineData("(555) 123-4567")]
    [InlineData("555-123-4567")]
    [InlineData("555.123.4567")]
    [InlineData("1-800-555-0199")]
    [InlineData("020 7946 0958")]
    [InlineData("06 12 34 56 78")]
    [InlineData("030/1234567")]
    [InlineData("612 345 678")]
    [InlineData("09061701461")]
    [InlineData("07700900123")]
    public void FindsPhoneNumbers(string value) => AssertFinds(PiiKind.Phone, value);

    [Theory]
    [InlineData("born in 1985, married in 2019 and 2020")]
    [InlineData("from 1990 2000 2010 onwards")]
    [InlineData("due 2023-01-15 at 10:30")]
    [InlineData("due 15.01.2023 14:00, or 12/03/2019")]
    [InlineData("2013-11-07T06:20:48")]
    [InlineData("call 123 or 4567")]
    [InlineData("text 87121 to win")]
    [InlineData("order 12345678 shipped")]
    [InlineData("timestamp 1700000000")]
    [InlineData("price $19.99 or £1,200 or € 1.500,00")]
    [InlineData("it costs € 123 456 789 in total")]
    [InlineData("123 456 789 €")]
    [InlineData("population 1.234.567.890")]
    [InlineData("1 753 682 421 views")]
    [InlineData("ISBN 978-3-16-148410-0")]
    [InlineData("+1 555")]
    [InlineData("3+4 5 6")]
    [InlineData("version 2 3 4")]
    public void IgnoresYearsDatesAmountsAndShortNumbers(string text) => AssertFindsNothing(text);

    [Fact]
    public void FindsThePhoneNumberInsideALongerRunOfNumbers() =>
        Assert.Equal([(PiiKind.Phone, "555-123-4567")], Found("room 12 555-123-4567"));

    [Theory]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("4111111111111111")]
    [InlineData("5555 5555 5555 4444")]
    [InlineData("3782 822463 10005")]
    [InlineData("6011 0009 9013 9424")]
    [InlineData("4222222222222")]
    public void FindsLuhnValidCardNumbers(string value) => AssertFinds(PiiKind.CreditCard, value);

    [Theory]
    [InlineData("4111 1111 1111 1112")]             // Luhn fails
    [InlineData("4111111111111")]                   // 13 digits, Luhn fails
    [InlineData("1111 1111 1111 1117")]             // Luhn holds, no card issuer starts with 1
    [InlineData("4111 1111-1111 1111")]             // mixed separators
    [InlineData("41111111111111111111")]            // 20 digits
    public void IgnoresNumbersThatAreNotCardNumbers(string text) => AssertFindsNothing(text);

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("DE89370400440532013000")]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("NO9386011117947")]
    public void FindsIbansWithValidChecksums(string value) => AssertFinds(PiiKind.Iban, value);

    [Fact]
    public void StopsAnIbanAtItsCountrysLength() =>
        Assert.Equal([(PiiKind.Iban, "DE89 3704 0044 0532 0130 00")], Found("IBAN DE89 3704 0044 0532 0130 00 EUR"));

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 01")]     // check digits do not match
    [InlineData("DE88370400440532013000")]
    [InlineData("DE89 3704 0044 0532 0130")]        // too short for DE
    [InlineData("XX12 3456 7890 1234 5")]           // unknown country, mod 97 fails
    [InlineData("de89370400440532013000")]          // lower case
    public void IgnoresIbansWithInvalidChecksumsOrLengths(string text) => AssertFindsNothing(text);

    [Theory]
    [InlineData("192.168.1.1")]
    [InlineData("10.0.0.255")]
    [InlineData("8.8.8.8")]
    [InlineData("1.2.3.4")]                          // could be a version; masked as an address (see PiiDetector)
    public void FindsIpV4Addresses(string value) => AssertFinds(PiiKind.IpV4, value);

    [Theory]
    [InlineData("999.1.1.1")]
    [InlineData("256.10.10.10")]
    [InlineData("01.02.03.04")]
    [InlineData("1.2.3.4.5")]
    [InlineData("v1.2.3.4")]
    [InlineData("version 1.2.3.4")]
    [InlineData("Version: 10.0.19041.1")]
    [InlineData("1.2.3")]
    public void IgnoresDottedNumbersThatAreNotIpV4Addresses(string text) => AssertFindsNothing(text);

    [Theory]
    [InlineData("2001:db8::8a2e:370:7334")]
    [InlineData("2001:0db8:85a3:0000:0000:8a2e:0370:7334")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:192.168.1.1")]
    public void FindsIpV6Addresses(string value) => AssertFinds(PiiKind.IpV6, value);

    // Hex groups can be all letters: the shortcut that skips patterns must not take "no digit" for "no address".
    [Theory]
    [InlineData("dead:beef::cafe")]
    [InlineData("a:b:c:d:e:f:a:b")]
    public void FindsIpV6AddressesWrittenWithoutDigits(string value) => AssertFinds(PiiKind.IpV6, value);

    [Theory]
    [InlineData("at 12:30:45 today")]
    [InlineData("loopback ::1 and ::")]
    [InlineData("std::vector<int>")]
    [InlineData("mac 00:1A:2B:3C:4D:5E")]
    [InlineData("ratio 1:2:3")]
    public void IgnoresColonsThatAreNotIpV6Addresses(string text) => AssertFindsNothing(text);

    [Fact]
    public void FindsEveryKindInOneTextInOrder()
    {
        const string text = "Mail john@example.com, call +44 20 7946 0958, card 4111 1111 1111 1111, " +
            "IBAN GB82 WEST 1234 5698 7654 32, from 192.168.1.1 or 2001:db8::1.";
        Assert.Equal(
            [PiiKind.Email, PiiKind.Phone, PiiKind.CreditCard, PiiKind.Iban, PiiKind.IpV4, PiiKind.IpV6],
            PiiDetector.Find(text).Select(m => m.Kind));
        Assert.Equal("Mail [EMAIL], call [PHONE], card [CREDIT_CARD], IBAN [IBAN], from [IP] or [IP].",
            PiiDetector.Mask(text, PiiDetector.Find(text)));
    }

    /// <summary>Find skips each pattern whose required characters the text lacks; that must never change a result.
    /// Checked against running every pattern, on real messages and comments (phone numbers, e-mails, URLs with dots
    /// and colons) and on texts made to sit at the edges of the shortcut (letters-only IPv6, non-ASCII digits).</summary>
    [Fact]
    public void SkippingPatternsThatCannotMatchChangesNothing()
    {
        string[] edges =
        [
            "", "no digits here", "::", "dead:beef::cafe", "a:b:c:d:e:f:a:b", "x@y.zz", "1.2.3.4", "+1", "GB82",
            "call \u0660\u0662\u0660 \u0667\u0669\u0664\u0666 \u0660\u0669\u0665\u0668 now", "+\u0664\u0664 \u0662\u0660 \u0667\u0669\u0664\u0666 \u0660\u0669\u0665\u0668",
            "IBAN GB82 WEST 1234 5698 7654 32", "\uff27\uff22\uff18\uff12 \uff37\uff25\uff33\uff34 \uff11\uff12\uff13\uff14 \uff15\uff16\uff19\uff18 \uff17\uff16\uff15\uff14 \uff13\uff12",
        ];
        var texts = SharedDatasets.SmsTexts().Concat(SharedDatasets.YouTubeComments()).Concat(edges).ToList();
        var withPersonalData = 0;
        foreach (var text in texts)
        {
            var expected = PiiDetector.FindRunningEveryPattern(text);
            Assert.Equal(expected, PiiDetector.Find(text));
            withPersonalData += expected.Count > 0 ? 1 : 0;
        }
        // The corpus does exercise the patterns (the SMS spam is full of phone numbers).
        Assert.InRange(withPersonalData, 300, texts.Count);
    }

    [Fact]
    public void FindsNothingInPlainText()
    {
        Assert.Empty(PiiDetector.Find(""));
        Assert.Empty(PiiDetector.Find("Ok lar... Joking wif u oni... See you at 7.30 on 12/10, it's 5 quid."));
    }

    [Fact]
    public void MaskLetsTheLongerOfOverlappingMatchesWin()
    {
        const string text = "abcdefghij";
        var matches = new[] { new PiiMatch(PiiKind.Phone, 5, 3), new PiiMatch(PiiKind.Email, 0, 4), new PiiMatch(PiiKind.Iban, 2, 6) };
        Assert.Equal("ab[IBAN]ij", PiiDetector.Mask(text, matches));
    }

    [Fact]
    public void MaskWithoutMatchesReturnsTheText()
    {
        const string text = "nothing here";
        Assert.Same(text, PiiDetector.Mask(text, []));
    }

    [Fact]
    public void MaskValidatesItsArguments()
    {
        Assert.Throws<ArgumentNullException>(() => PiiDetector.Mask(null!, []));
        Assert.Throws<ArgumentNullException>(() => PiiDetector.Mask("x", null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => PiiDetector.Mask("abc", [new PiiMatch(PiiKind.Email, 2, 2)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PiiDetector.Mask("abc", [new PiiMatch(PiiKind.Email, -1, 1)]));
        Assert.Throws<ArgumentException>(() => PiiDetector.Mask("abc", [new PiiMatch(PiiKind.Email | PiiKind.Phone, 0, 1)]));
    }

    [Theory(Timeout = 120_000)]
    [InlineData("1 ")]
    [InlineData("1-")]
    [InlineData("a.")]
    [InlineData("a@")]
    [InlineData("1:")]
    [InlineData("DE89 ")]
    [InlineData("+1 (2)")]
    [InlineData("1.1.")]
    public async Task FinishesOnLongRepetitiveInput(string unit)
    {
        // What this guards against is work that grows faster than the text (backtracking, or digit groups re-read
        // for every neighbour). Linear work on these 100,000 units takes a few seconds at most, even in a Debug
        // build on a busy machine; quadratic work takes hours, far past both the patterns' timeout backstop (a
        // RegexMatchTimeoutException fails the test) and the test's own limit. Both limits are that generous on
        // purpose: the outcome must not depend on how busy the machine is.
        var text = string.Concat(Enumerable.Repeat(unit, 100_000));
        var matches = await Task.Run(() => PiiDetector.Find(text), TestContext.Current.CancellationToken);
        // None of these runs is personal data: each is one endless number, address or word.
        Assert.Empty(matches);
    }

    [Fact]
    public void FindThrowsOnNull() => Assert.Throws<ArgumentNullException>(() => PiiDetector.Find(null!));
}
