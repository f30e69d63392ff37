// Licensed under the MIT license.

namespace AliDdnsHa.Web;

/// <summary>A budget of credential checks per client address: a token bucket of <c>Web.MaxAuthFailures</c>, refilled
/// by as many a minute, one at a time.</summary>
/// <remarks>Each check that is not answered from the cache of known credentials costs a token: a wrong password, a
/// repeated wrong password, and the first check of a right one (after which it is cached). A client with no token
/// left gets 429 without a bcrypt comparison, so guessing costs the controller nothing but the refusal. The budget is
/// the client's own: a guesser at one address never locks out the right user at another.</remarks>
internal sealed class AuthFailureLimiter(int perMinute, TimeProvider timeProvider)
{
    private readonly ClientTokenBuckets _budgets = new(perMinute, TimeSpan.FromMinutes(1) / Math.Max(perMinute, 1), timeProvider);

    /// <summary>Takes one check from <paramref name="client"/>'s budget; false, with when to come back, if it is spent.</summary>
    public bool TryTake(string client, out TimeSpan retryAfter) => _budgets.TryTake(client, out retryAfter);
}
