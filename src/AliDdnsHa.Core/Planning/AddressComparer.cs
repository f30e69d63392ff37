// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Planning;

/// <summary>Orders addresses numerically (10.0.0.9 before 10.0.0.10), IPv4 before IPv6.</summary>
public sealed class AddressComparer : IComparer<IPAddress>
{
    public static AddressComparer Instance { get; } = new();

    public int Compare(IPAddress? x, IPAddress? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        x.TryWriteBytes(a, out var lengthA);
        y.TryWriteBytes(b, out var lengthB);
        return lengthA != lengthB ? lengthA.CompareTo(lengthB) : a[..lengthA].SequenceCompareTo(b[..lengthB]);
    }
}
