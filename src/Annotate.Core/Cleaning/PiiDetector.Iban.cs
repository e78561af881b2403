namespace Annotate.Core.Cleaning;

public static partial class PiiDetector
{
    private const int MinIbanLength = 15;
    private const int MaxIbanLength = 34;

    private static void FindIbans(string text, List<PiiMatch> found)
    {
        Span<char> compact = stackalloc char[MaxIbanLength];
        Span<int> ends = stackalloc int[MaxIbanLength];
        foreach (var match in IbanStartPattern().EnumerateMatches(text))
        {
            // Read up to 34 upper-case letters and digits, allowing single spaces between them; ends[k] is the index
            // just past the (k+1)-th character.
            var count = 0;
            for (var i = match.Index; i < text.Length && count < MaxIbanLength;)
            {
                var c = text[i];
                if (c == ' ' && count > 0 && i + 1 < text.Length && IsIbanChar(text[i + 1]))
                {
                    i++;
                    continue;
                }
                if (!IsIbanChar(c))
                {
                    break;
                }
                compact[count] = c;
                ends[count++] = ++i;
            }

            var country = text.Substring(match.Index, 2);
            if (PiiChecksums.IbanLengths.TryGetValue(country, out var length))
            {
                if (length <= count && EndsCleanly(text, ends[length - 1]) && PiiChecksums.IsIbanValid(compact[..length]))
                {
                    found.Add(new PiiMatch(PiiKind.Iban, match.Index, ends[length - 1] - match.Index));
                }
                continue;
            }
            for (var candidate = count; candidate >= MinIbanLength; candidate--)
            {
                if (EndsCleanly(text, ends[candidate - 1]) && PiiChecksums.IsIbanValid(compact[..candidate]))
                {
                    found.Add(new PiiMatch(PiiKind.Iban, match.Index, ends[candidate - 1] - match.Index));
                    break;
                }
            }
        }
    }

    private static bool IsIbanChar(char c) => c is >= 'A' and <= 'Z' or >= '0' and <= '9';

    /// <summary>An IBAN must not stop in the middle of a word or number.</summary>
    private static bool EndsCleanly(string text, int end) => end >= text.Length || !char.IsLetterOrDigit(text[end]);
}
