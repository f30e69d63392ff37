// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Controller;

/// <summary>Identifies one probed endpoint of a target: which source, which address, which port.</summary>
public readonly record struct EndpointKey(string Source, IPAddress Address, int Port)
{
    public override string ToString() => $"{Source}/{Address}:{Port}";
}
