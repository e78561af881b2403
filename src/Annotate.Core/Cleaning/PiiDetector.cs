namespace Annotate.Core.Cleaning;

/// <summary>
/// Finds and masks personal data: e-mail addresses, phone numbers, credit-card numbers, IBANs and IP addresses.
/// Every kind is validated beyond its shape (digit counts, Luhn, mod 97, address parsing), because a detector that
/// masks every number is as useless for training data as one that masks none.
/// </summary>
/// <remarks>
/// Decisions, each pinned by a test:
/// <list type="bullet">
/// <item>Phones: "+" numbers need 8–15 digits (E.164). National numbers need separators (space, dot, dash, slash, all
/// the same apart from after a parenthesised area code) and 9–12 digits, so years, dates (8 digits), times and short
/// numbers never qualify; a lone run of digits counts only as 0 and 9–10 more digits (a trunk-prefixed national
/// number, such as UK 07… and 08… numbers). Runs that look like grouped large numbers (1.234.567.890,
/// 1 753 682 421), dotted quads (256.10.10.10) or sequences of years, or that touch a currency sign or "%", are not
/// phones. A number glued to a word (08452810075over18's) is not found.</item>
/// <item>Cards: 13–19 digits, unseparated or in groups of 3–6 joined by one kind of space or dash, starting 2–6
/// (the issuer ranges of Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro), passing Luhn.</item>
/// <item>IBANs: upper-case country code, check digits, the country's registered length (15–34 if the country is not in
/// the table), single spaces allowed anywhere, mod-97 remainder 1.</item>
/// <item>IPv4: four octets 0–255 without leading zeros. A dotted quad is also how a four-part version number looks; it
/// is treated as an address (masking a version costs less than leaking an address) unless it is part of a longer
/// dotted run (1.2.3.4.5), glued to a letter (v1.2.3.4) or preceded by "version", "ver." or "v.".</item>
/// <item>IPv6: whatever <see cref="System.Net.IPAddress.TryParse(string?, out System.Net.IPAddress?)"/> accepts as an
/// IPv6 address with at least two non-zero-length groups, so "::" and "::1" are not personal data and "12:30:45" is not an
/// address.</item>
/// <item>Overlaps: the longer match wins; on a tie the more specific kind (e-mail, IBAN, card, IP, then phone).</item>
/// </list>
/// </remarks>
public static partial class PiiDetector
{
    /// <summary>Every piece of personal data in <paramref name="text"/>, without overlaps, ordered by position.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="System.Text.RegularExpressions.RegexMatchTimeoutException">A pattern ran longer than its
    /// timeout on a pathological text.</exception>
    public static IReadOnlyList<PiiMatch> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        return Find(text, NeededCharacters(text));
    }

    /// <summary><see cref="Find(string)"/> running every pattern, whatever characters the text has: for tests that
    /// check the shortcut of <see cref="NeededCharacters"/> changes no result.</summary>
    internal static IReadOnlyList<PiiMatch> FindRunningEveryPattern(string text) => Find(text, Present.All);

    private static IReadOnlyList<PiiMatch> Find(string text, Present present)
    {
        if ((present & (Present.At | Present.Digit | Present.TwoColons)) == 0)
        {
            // Every pattern needs an '@', a digit or (IPv6, which can be all letters: "fe::ab") two colons.
            return [];
        }
        var candidates = new List<PiiMatch>();
        if (present.HasFlag(Present.At))
        {
            foreach (var match in EmailPattern().EnumerateMatches(text))
            {
                candidates.Add(new PiiMatch(PiiKind.Email, match.Index, match.Length));
            }
        }
        FindPhonesAndCards(text, present, candidates);
        if (present.HasFlag(Present.AsciiUpper | Present.Digit))
        {
            FindIbans(text, candidates);
        }
        FindIpAddresses(text, present, candidates);
        // Most texts have none; sorting an empty list still cost several allocations per text.
        return candidates.Count == 0 ? [] : ResolveOverlaps(candidates);
    }

    /// <summary>
    /// Replaces each match in <paramref name="text"/> with a placeholder: <c>[EMAIL]</c>, <c>[PHONE]</c>,
    /// <c>[CREDIT_CARD]</c>, <c>[IBAN]</c> or <c>[IP]</c>. Matches may come in any order; where they overlap the longer
    /// one is masked.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="matches"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A match does not lie within <paramref name="text"/>.</exception>
    /// <exception cref="ArgumentException">A match has no single known kind.</exception>
    public static string Mask(string text, IReadOnlyList<PiiMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(matches);
        foreach (var match in matches)
        {
            if (match.Start < 0 || match.Length <= 0 || match.End > text.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(matches), match,
                    $"A match must lie within the text (length {text.Length}).");
            }
            _ = Placeholder(match.Kind);
        }
        if (matches.Count == 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var position = 0;
        foreach (var match in ResolveOverlaps(matches))
        {
            builder.Append(text, position, match.Start - position).Append(Placeholder(match.Kind));
            position = match.End;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>The placeholder that <see cref="Mask"/> writes for <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not exactly one known kind.</exception>
    public static string Placeholder(PiiKind kind) => kind switch
    {
        PiiKind.Email => "[EMAIL]",
        PiiKind.Phone => "[PHONE]",
        PiiKind.CreditCard => "[CREDIT_CARD]",
        PiiKind.Iban => "[IBAN]",
        PiiKind.IpV4 or PiiKind.IpV6 => "[IP]",
        _ => throw new ArgumentException($"Not a single PII kind: {kind}.", nameof(kind)),
    };

    private static List<PiiMatch> ResolveOverlaps(IReadOnlyList<PiiMatch> candidates)
    {
        var byPreference = candidates
            .OrderByDescending(m => m.Length)
            .ThenBy(m => m.Start)
            .ThenBy(m => Specificity(m.Kind));
        // Kept matches never overlap, so sorted by start they are also sorted by end: only the neighbours of the
        // insertion point can overlap a candidate.
        var kept = new List<PiiMatch>();
        var byStart = Comparer<PiiMatch>.Create((a, b) => a.Start.CompareTo(b.Start));
        foreach (var candidate in byPreference)
        {
            var at = kept.BinarySearch(candidate, byStart);
            if (at < 0)
            {
                at = ~at;
            }
            else
            {
                continue;
            }
            var overlapsBefore = at > 0 && kept[at - 1].End > candidate.Start;
            var overlapsAfter = at < kept.Count && kept[at].Start < candidate.End;
            if (!overlapsBefore && !overlapsAfter)
            {
                kept.Insert(at, candidate);
            }
        }
        return kept;
    }

    private static int Specificity(PiiKind kind) => kind switch
    {
        PiiKind.Email => 0,
        PiiKind.Iban => 1,
        PiiKind.CreditCard => 2,
        PiiKind.IpV4 or PiiKind.IpV6 => 3,
        _ => 4,
    };
}
