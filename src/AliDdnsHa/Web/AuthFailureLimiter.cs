// Licensed under the MIT license.

using System.Threading.RateLimiting;

namespace AliDdnsHa.Web;

/// <summary>A budget of credential checks per client address: a token bucket of <c>Web.MaxAuthFailures</c>, refilled
/// by as many a minute, one at a time.</summary>
/// <remarks>Each check that is not answered from the cache of known credentials costs a token: a wrong password, a
/// repeated wrong password, and the first check of a right one (after which it is cached). A client with no token
/// left gets 429 without a bcrypt comparison, so guessing costs the controller nothing but the refusal. The budget is
/// the client's own: a guesser at one address never locks out the right user at another.</remarks>
internal sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _refillEvery;

    public AuthFailureLimiter(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        _refillEvery = TimeSpan.FromMinutes(1) / perMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = _refillEvery,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one check from <paramref name="client"/>'s budget; false, with when to come back, if it is spent.</summary>
    public bool TryTake(string client, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _refillEvery;
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
