// Licensed under the MIT license.

namespace AliDdnsHa.Probing;

/// <summary>Why a vantage could not be asked. Messages never carry credentials.</summary>
/// <param name="Kind">The metrics label: unreachable, timeout, tls_error, auth_failed, http_error, bad_response.</param>
/// <param name="Message">A sentence for logs and status.</param>
public sealed record VantageFault(string Kind, string Message)
{
    public const string Unreachable = "unreachable";
    public const string Timeout = "timeout";
    public const string TlsError = "tls_error";
    public const string AuthFailed = "auth_failed";
    public const string HttpError = "http_error";
    public const string BadResponse = "bad_response";

    /// <summary>Every kind, for zero-initialised counters.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Unreachable, Timeout, TlsError, AuthFailed, HttpError, BadResponse];
}
