using System.Net;
using System.Net.Sockets;

namespace Annotate.Core.Cleaning;

public static partial class PiiDetector
{
    private static void FindIpAddresses(string text, Present present, List<PiiMatch> found)
    {
        if (present.HasFlag(Present.Dot | Present.Digit))
        {
            foreach (var match in IpV4Pattern().EnumerateMatches(text))
            {
                if (IsIpV4(text.AsSpan(match.Index, match.Length)) && !FollowsVersionWord(text, match.Index))
                {
                    found.Add(new PiiMatch(PiiKind.IpV4, match.Index, match.Length));
                }
            }
        }
        if (present.HasFlag(Present.TwoColons))
        {
            foreach (var match in IpV6Pattern().EnumerateMatches(text))
            {
                var candidate = text.AsSpan(match.Index, match.Length);
                if (CountNonEmptyGroups(candidate) >= 2
                    && IPAddress.TryParse(candidate, out var address)
                    && address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    found.Add(new PiiMatch(PiiKind.IpV6, match.Index, match.Length));
                }
            }
        }
    }

    private static bool IsIpV4(ReadOnlySpan<char> candidate)
    {
        foreach (var range in candidate.Split('.'))
        {
            var octet = candidate[range];
            if ((octet.Length > 1 && octet[0] == '0') || int.Parse(octet, provider: System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }
        return true;
    }

    private static bool FollowsVersionWord(string text, int start)
    {
        var before = text.AsSpan(0, start).TrimEnd();
        return before.EndsWith("version", StringComparison.OrdinalIgnoreCase)
            || before.EndsWith("ver.", StringComparison.OrdinalIgnoreCase)
            || before.EndsWith("v.", StringComparison.OrdinalIgnoreCase);
    }

    private static int CountNonEmptyGroups(ReadOnlySpan<char> candidate)
    {
        var count = 0;
        foreach (var range in candidate.Split(':'))
        {
            if (!candidate[range].IsEmpty)
            {
                count++;
            }
        }
        return count;
    }
}
