// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>Resolution lines (Alidns 解析线路): a record set is kept per (name, type, line), and a resolver whose line
/// has no record of the name gets the default line's records.</summary>
public static class DnsLine
{
    /// <summary>The line every resolver falls back to; Alidns's code for it.</summary>
    public const string Default = "default";

    /// <summary>For a provider that holds only the default line: refuses a record set on any other line, so that no
    /// read or write of another line can fall through to the default one. The configuration check refuses such lines
    /// first; this is the provider's own guard.</summary>
    public static void RequireDefault(RecordSetKey key, string provider)
    {
        if (key.Line != Default)
        {
            throw new DnsProviderException("line_unsupported", $"provider '{provider}' has no line '{key.Line}' (it holds only the default line); nothing was read or written", isConfigurationError: true);
        }
    }
}
