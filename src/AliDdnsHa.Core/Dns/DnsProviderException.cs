// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>A provider call failed. Never carries secrets in its message.</summary>
public sealed class DnsProviderException : Exception
{
    public DnsProviderException()
    {
    }

    public DnsProviderException(string message)
        : base(message)
    {
    }

    public DnsProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DnsProviderException(string code, string message, bool isConfigurationError = false, string? hint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        IsConfigurationError = isConfigurationError;
        Hint = hint;
    }

    /// <summary>A short, stable error code (the provider's own where it has one), used as the metrics <c>result</c>.</summary>
    public string Code { get; } = "error";

    /// <summary>True when retrying cannot help until the user fixes something (credentials, permissions, paths).</summary>
    public bool IsConfigurationError { get; }

    /// <summary>True when the provider refused this change of this record set and will refuse it again (a conflicting
    /// record, a locked record, an invalid value): sending it again cannot help until something changes.</summary>
    public bool IsRefusal { get; init; }

    /// <summary>True when a record of another type holds the name (a CNAME and the like), so address records cannot.</summary>
    public bool IsConflict { get; init; }

    /// <summary>True when the error will not go away by itself: a configuration error or a refusal. The record set is then
    /// blocked: that change is not sent again until the next resync, a reload, or a change in the set wanted.</summary>
    public bool IsPermanent => IsConfigurationError || IsRefusal || IsConflict;

    /// <summary>What the user can do about it.</summary>
    public string? Hint { get; }
}
