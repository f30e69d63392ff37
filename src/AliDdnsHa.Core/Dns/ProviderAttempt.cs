// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>What one attempt of a provider call gave: a result, or the error with whether another attempt can help
/// and how long the service asked to wait first (Alidns <c>x-acs-retry-after</c>).</summary>
public readonly record struct ProviderAttempt<T>(T? Result, DnsProviderException? Error = null, bool Retryable = false, TimeSpan? RetryAfter = null)
    where T : class;
