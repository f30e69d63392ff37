// Licensed under the MIT license.

using AliDdnsHa.Dns;

namespace AliDdnsHa.Discovery;

/// <summary>Reads the publishable addresses of a local network interface.</summary>
public interface IInterfaceAddressReader
{
    /// <summary>The interface's global addresses of the record type's family; a failure when the interface is missing
    /// or has none.</summary>
    DiscoveryResult Read(string interfaceName, DnsRecordType type);
}
