using System.Net;
using System.Net.Sockets;

namespace Annotate.Core.Ingest.WebPages;

/// <summary>
/// Which IP addresses a server-side fetch must not reach unless the admin allows it: loopback, private, link-local
/// (cloud metadata at 169.254.169.254), shared CGNAT, unique-local, multicast, unspecified and reserved ranges, also
/// when written as IPv6 (IPv4-mapped, IPv4-compatible, NAT64 or 6to4).
/// </summary>
public static class AddressPolicy
{
    private static readonly (IPAddress Network, int Prefix, string What)[] V4Ranges =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "an unspecified (this-network) address"),
        (IPAddress.Parse("10.0.0.0"), 8, "a private address"),
        (IPAddress.Parse("100.64.0.0"), 10, "a shared (carrier-grade NAT) address"),
        (IPAddress.Parse("127.0.0.0"), 8, "a loopback address"),
        (IPAddress.Parse("169.254.0.0"), 16, "a link-local address (cloud metadata services live here)"),
        (IPAddress.Parse("172.16.0.0"), 12, "a private address"),
        (IPAddress.Parse("192.0.0.0"), 24, "a reserved (IETF protocol) address"),
        (IPAddress.Parse("192.168.0.0"), 16, "a private address"),
        (IPAddress.Parse("198.18.0.0"), 15, "a reserved (benchmarking) address"),
        (IPAddress.Parse("224.0.0.0"), 4, "a multicast address"),
        (IPAddress.Parse("240.0.0.0"), 4, "a reserved or broadcast address"),
    ];

    private static readonly (IPAddress Network, int Prefix, string What)[] V6Ranges =
    [
        (IPAddress.Parse("fc00::"), 7, "a private (unique-local) address"),
        (IPAddress.Parse("fe80::"), 10, "a link-local address"),
        (IPAddress.Parse("fec0::"), 10, "a private (site-local) address"),
        (IPAddress.Parse("ff00::"), 8, "a multicast address"),
    ];

    private static readonly IPAddress Nat64 = IPAddress.Parse("64:ff9b::");
    private static readonly IPAddress SixToFour = IPAddress.Parse("2002::");

    /// <summary>
    /// Why <paramref name="address"/> may not be fetched from ("a loopback address"), or <see langword="null"/> when
    /// it is a public address.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public static string? BlockReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return V4Ranges.FirstOrDefault(r => InRange(address, r.Network, r.Prefix)).What;
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "not an IP address";
        }
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "a loopback address";
        }
        if (address.Equals(IPAddress.IPv6None))
        {
            return "an unspecified address";
        }
        if (EmbeddedIPv4(address) is { } embedded)
        {
            return BlockReason(embedded);
        }
        return V6Ranges.FirstOrDefault(r => InRange(address, r.Network, r.Prefix)).What;
    }

    /// <summary>The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64 or 6to4), if any.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            // ::a.b.c.d, the deprecated IPv4-compatible form (:: and ::1 are handled before).
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        if (InRange(address, Nat64, 96))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        if (InRange(address, SixToFour, 16))
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }
        return null;
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = prefix / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }
        var rest = prefix % 8;
        if (rest == 0)
        {
            return true;
        }
        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }
}
