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

    /// <summary>What the user can do about it.</summary>
    public string? Hint { get; }
}
