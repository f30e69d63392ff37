// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace AliDdnsHa.Testing;

/// <summary>A TCP port that was free a moment ago, for child processes that cannot report the port they bound.</summary>
public static class FreePort
{
    public static int Next(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
