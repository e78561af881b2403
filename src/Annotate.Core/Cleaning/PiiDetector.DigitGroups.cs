namespace Annotate.Core.Cleaning;

public static partial class PiiDetector
{
    private const string CurrencySigns = "$€£¥₹₽₩¢";
    private const int MaxDigits = 19;

    /// <summary>A run of digits inside a candidate; <see cref="Separator"/> is the character before it ('\0' for the
    /// first group), and <see cref="Parenthesised"/> marks an "(area code)".</summary>
    private readonly record struct DigitGroup(int Start, int Length, char Separator, bool Parenthesised)
    {
        public int End => Parenthesised ? Start + Length + 2 : Start + Length;
        public int DigitStart => Parenthesised ? Start + 1 : Start;
    }

    private static void FindPhonesAndCards(string text, Present present, List<PiiMatch> found)
    {
        if (!present.HasFlag(Present.Digit))
        {
            return;
        }
        if (present.HasFlag(Present.Plus))
        {
            foreach (var match in InternationalPhonePattern().EnumerateMatches(text))
            {
                var digits = CountDigits(text.AsSpan(match.Index, match.Length));
                if (digits is >= 8 and <= 15)
                {
                    found.Add(new PiiMatch(PiiKind.Phone, match.Index, match.Length));
                }
            }
        }

        List<DigitGroup>? groups = null;
        foreach (var match in DigitGroupsPattern().EnumerateMatches(text))
        {
            groups ??= [];
            Split(text, match.Index, match.Length, groups);
            FindRuns(text, groups, PiiKind.Phone, IsNationalPhone, found);
            FindRuns(text, groups, PiiKind.CreditCard, IsCardNumber, found);
        }
    }

    /// <summary>
    /// Takes, from left to right, the longest runs of consecutive groups that <paramref name="accept"/> likes. A run
    /// must start and end where the candidate does or where the separator changes, so that "room 12 555-123-4567"
    /// yields the phone number but the middle of an ISBN (978-3-16-148410-0) is never read as one.
    /// </summary>
    private static void FindRuns(string text, List<DigitGroup> groups, PiiKind kind,
        Func<string, List<DigitGroup>, int, int, bool> accept, List<PiiMatch> found)
    {
        for (var first = 0; first < groups.Count;)
        {
            var taken = false;
            // No phone or card has more than 19 digits, so no run has more than 19 groups: this keeps a text of a
            // million "1 1 1 …" linear.
            for (var last = Math.Min(groups.Count - 1, first + MaxDigits - 1); last >= first; last--)
            {
                if (HasClosedEnds(groups, first, last) && accept(text, groups, first, last))
                {
                    found.Add(new PiiMatch(kind, groups[first].Start, groups[last].End - groups[first].Start));
                    first = last + 1;
                    taken = true;
                    break;
                }
            }
            if (!taken)
            {
                first++;
            }
        }
    }

    private static bool HasClosedEnds(List<DigitGroup> groups, int first, int last)
    {
        if (first == last)
        {
            return true;
        }
        var separator = InnerSeparator(groups, first, last);
        return (first == 0 || groups[first].Separator != separator)
            && (last == groups.Count - 1 || groups[last + 1].Separator != separator);
    }

    /// <summary>The separator inside the run, '\0' when the run mixes separators. The one right after an "(area code)"
    /// does not count: "(555) 123-4567" is written that way.</summary>
    private static char InnerSeparator(List<DigitGroup> groups, int first, int last)
    {
        var separator = '\0';
        for (var g = first + 1; g <= last; g++)
        {
            if (groups[g].Parenthesised)
            {
                return '\0';
            }
            if (groups[g - 1].Parenthesised && g - 1 == first)
            {
                continue;
            }
            if (separator == '\0')
            {
                separator = groups[g].Separator;
            }
            else if (groups[g].Separator != separator)
            {
                return '\0';
            }
        }
        return separator == '\0' && last == first + 1 && groups[first].Parenthesised ? ' ' : separator;
    }

    private static bool IsNationalPhone(string text, List<DigitGroup> groups, int first, int last)
    {
        var digits = 0;
        for (var g = first; g <= last; g++)
        {
            digits += groups[g].Length;
        }

        if (first == last)
        {
            var only = groups[first];
            return !only.Parenthesised && digits is 10 or 11 && text[only.DigitStart] == '0' && !TouchesAmount(text, only.Start, only.End);
        }

        var separator = InnerSeparator(groups, first, last);
        if (separator == '\0' || digits is < 9 or > 12)
        {
            return false;
        }
        var head = groups[first];
        if (head.Length > 5 || (head.Parenthesised && head.Length < 2))
        {
            return false;
        }
        var allYears = true;
        // Digit grouping of a large number: 1.234.567.890, or 1 753 682 421 with spaces (a view count). Three-digit
        // heads are allowed with spaces because Spanish and Portuguese mobiles are written 612 345 678.
        var thousands = !head.Parenthesised && (separator == '.' ? head.Length <= 3 : separator == ' ' && head.Length <= 2);
        var dottedQuad = separator == '.' && last - first == 3 && !head.Parenthesised;
        for (var g = first; g <= last; g++)
        {
            var group = groups[g];
            var span = text.AsSpan(group.DigitStart, group.Length);
            if (g > first && group.Length is < 2 or > 8)
            {
                return false;
            }
            allYears &= group.Length == 4 && (span.StartsWith("19") || span.StartsWith("20"));
            thousands &= g == first || group.Length == 3;
            dottedQuad &= group.Length <= 3;
        }
        return !allYears && !thousands && !dottedQuad && !TouchesAmount(text, head.Start, groups[last].End);
    }

    private static bool IsCardNumber(string text, List<DigitGroup> groups, int first, int last)
    {
        var digits = 0;
        for (var g = first; g <= last; g++)
        {
            var group = groups[g];
            if (group.Parenthesised || (first != last && group.Length is < 3 or > 6))
            {
                return false;
            }
            digits += group.Length;
        }
        if (digits is < 13 or > 19 || text[groups[first].Start] is < '2' or > '6')
        {
            return false;
        }
        if (first != last && InnerSeparator(groups, first, last) is not (' ' or '-'))
        {
            return false;
        }
        return PiiChecksums.IsLuhnValid(text.AsSpan(groups[first].Start, groups[last].End - groups[first].Start));
    }

    /// <summary>True when a currency sign or "%" sits next to the span (one space allowed): then it is an amount.</summary>
    private static bool TouchesAmount(string text, int start, int end)
    {
        var before = start - 1;
        if (before >= 0 && text[before] == ' ')
        {
            before--;
        }
        var after = end < text.Length && text[end] == ' ' ? end + 1 : end;
        return (before >= 0 && CurrencySigns.Contains(text[before]))
            || (after < text.Length && (text[after] == '%' || CurrencySigns.Contains(text[after])));
    }

    private static void Split(string text, int start, int length, List<DigitGroup> groups)
    {
        groups.Clear();
        var end = start + length;
        var separator = '\0';
        for (var i = start; i < end;)
        {
            var c = text[i];
            if (c == '(')
            {
                var close = text.IndexOf(')', i, end - i);
                groups.Add(new DigitGroup(i, close - i - 1, separator, Parenthesised: true));
                separator = '\0';
                i = close + 1;
            }
            else if (char.IsAsciiDigit(c))
            {
                var runEnd = i;
                while (runEnd < end && char.IsAsciiDigit(text[runEnd]))
                {
                    runEnd++;
                }
                groups.Add(new DigitGroup(i, runEnd - i, separator, Parenthesised: false));
                separator = '\0';
                i = runEnd;
            }
            else
            {
                separator = c;
                i++;
            }
        }
    }

    private static int CountDigits(ReadOnlySpan<char> span)
    {
        var count = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }
        return count;
    }
}
