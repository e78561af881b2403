using System.Text.RegularExpressions;

namespace Annotate.Core.Cleaning;

public static partial class PiiDetector
{
    // The patterns only find candidates; the code beside them decides (digit counts, checksums, IPAddress.TryParse).
    // Repetitions are atomic or separated by a character they cannot share, so no input makes them backtrack
    // badly; the timeout is the backstop for the text we did not think of. It is wall-clock time, so it also counts
    // the time the thread waits for a core: at one second, a linear scan of a long text on a machine running many
    // times more threads than it has cores timed out, which would fail an import for no fault of its data. Thirty
    // seconds is what the o200k tokenizer gives its own pre-tokenizing pattern.
    private const int TimeoutMilliseconds = 30_000;

    [GeneratedRegex(
        @"(?<![\p{L}\p{Nd}._%+\-])[\p{L}\p{Nd}._%+\-]+@(?:[\p{L}\p{Nd}](?:[\p{L}\p{Nd}\-]{0,61}[\p{L}\p{Nd}])?\.)+\p{L}{2,24}(?![\p{L}\p{Nd}\-])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: TimeoutMilliseconds)]
    private static partial Regex EmailPattern();

    /// <summary>"+" and a country code, then digit groups with optional single separators and an optional "(0)".</summary>
    [GeneratedRegex(
        @"(?<![\w+])(?>\+\d+(?:[ .\-/]?\(\d{1,4}\)[ .\-/]?\d+|[ .\-/]\d+)*)(?!\w)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: TimeoutMilliseconds)]
    private static partial Regex InternationalPhonePattern();

    /// <summary>Any run of digit groups joined by single separators, optionally opened by "(area)": the candidates for
    /// national phone numbers and card numbers.</summary>
    [GeneratedRegex(
        @"(?<![\w+.\-/])(?>(?:\(\d+\)[ .\-/]?)?\d+(?:[ .\-/]\d+)*)(?!\w)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: TimeoutMilliseconds)]
    private static partial Regex DigitGroupsPattern();

    /// <summary>The start of something shaped like an IBAN: country code, two check digits, more.</summary>
    [GeneratedRegex(
        @"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?= ?[A-Z0-9])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: TimeoutMilliseconds)]
    private static partial Regex IbanStartPattern();

    [GeneratedRegex(
        @"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: TimeoutMilliseconds)]
    private static partial Regex IpV4Pattern();

    /// <summary>Hex groups joined by colons (at least two), optionally ending in a dotted IPv4 tail.</summary>
    [GeneratedRegex(
        @"(?<![\w:.])(?>[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3})(?![\w:])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: TimeoutMilliseconds)]
    private static partial Regex IpV6Pattern();
}
