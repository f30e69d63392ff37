// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>The retry loop of the provider clients (Alidns, RFC 2136): exponential back-off with jitter, capped at 5 s
/// per wait, or the service's own wait when it gives one; bounded by a number of attempts and by a budget of waiting.</summary>
/// <remarks>Written here rather than with Microsoft.Extensions.Http.Resilience because the decision needs the
/// provider's own error (a JSON code, a DNS RCODE) and every attempt must be built, and signed, afresh.</remarks>
public sealed class ProviderRetry(int maxAttempts, TimeSpan budget, TimeProvider timeProvider)
{
    private static readonly TimeSpan s_maxDelay = TimeSpan.FromSeconds(5);

    /// <summary>The first back-off delay; doubled per attempt up to 5 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns a value in [0, 1) for jitter: each wait is between half and all of the exponential delay.</summary>
    public Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, fails for good, or the limits are reached; then
    /// throws its last error. <paramref name="retrying"/> hears of each retry (attempt number, error, wait).</summary>
    public async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<ProviderAttempt<T>>> attempt,
        Action<int, DnsProviderException, TimeSpan> retrying,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(retrying);
        var spent = TimeSpan.Zero;
        for (var number = 1; ; number++)
        {
            var outcome = await attempt(cancellationToken);
            if (outcome.Result is { } result)
            {
                return result;
            }

            var error = outcome.Error!;
            var delay = outcome.RetryAfter ?? Backoff(number);
            if (!outcome.Retryable || number >= maxAttempts || spent + delay > budget)
            {
                throw error;
            }

            retrying(number, error, delay);
            spent += delay;
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = BaseDelay * Math.Pow(2, attempt - 1);
        var capped = exponential > s_maxDelay ? s_maxDelay : exponential;
        return capped * (0.5 + (Jitter() / 2));
    }
}
