// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>How a source's addresses are discovered.</summary>
public enum SourceKind
{
    Static,
    Hostname,
    Record,
    Interface,
    Url,
}
