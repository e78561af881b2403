namespace Annotate.Core.Cleaning;

public static partial class PiiDetector
{
    /// <summary>Characters that some pattern cannot match without; see <see cref="NeededCharacters"/>.</summary>
    [Flags]
    private enum Present
    {
        None = 0,
        At = 1,
        Plus = 2,
        Digit = 4,
        AsciiUpper = 8,
        Dot = 16,
        TwoColons = 32,
        All = At | Plus | Digit | AsciiUpper | Dot | TwoColons,
    }

    /// <summary>
    /// Which of the characters the patterns require occur in <paramref name="text"/>. A pattern that requires one
    /// that is absent cannot match, so it is not run: most texts have no '@', no '+' and no ':', and running all six
    /// patterns (each checking its timeout as it goes) cost about 10 µs per short text. Each requirement is read off
    /// its pattern: e-mail '@'; international phone '+' and a digit; digit groups a digit; IBAN two upper-case ASCII
    /// letters and digits; IPv4 dots and digits; IPv6 at least two colons. "Digit" is what the patterns' \d matches,
    /// any Unicode decimal digit, not only 0–9.
    /// </summary>
    private static Present NeededCharacters(ReadOnlySpan<char> text)
    {
        var present = Present.None;
        if (text.Contains('@'))
        {
            present |= Present.At;
        }
        if (text.Contains('+'))
        {
            present |= Present.Plus;
        }
        if (text.ContainsAnyInRange('0', '9') || HasNonAsciiDigit(text))
        {
            present |= Present.Digit;
        }
        if (text.ContainsAnyInRange('A', 'Z'))
        {
            present |= Present.AsciiUpper;
        }
        if (text.Contains('.'))
        {
            present |= Present.Dot;
        }
        var colon = text.IndexOf(':');
        if (colon >= 0 && text[(colon + 1)..].Contains(':'))
        {
            present |= Present.TwoColons;
        }
        return present;
    }

    private static bool HasNonAsciiDigit(ReadOnlySpan<char> text)
    {
        var first = text.IndexOfAnyExceptInRange('\0', '\x7f');
        if (first < 0)
        {
            return false;
        }
        foreach (var c in text[first..])
        {
            if (c > '\x7f' && char.IsDigit(c))
            {
                return true;
            }
        }
        return false;
    }
}
