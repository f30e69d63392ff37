// Licensed under the MIT license.

namespace AliDdnsHa.Web;

/// <summary>A token bucket per client key: <c>capacity</c> tokens at once, one back every <c>refillEvery</c>. Refilled
/// when asked, from the clock, so nothing runs while nobody asks.</summary>
/// <remarks>Written by hand instead of System.Threading.RateLimiting's partitioned limiter, whose 100 ms heartbeat
/// timer per instance woke the idle controller about 30 times a second (its idle CPU went from 0.12 % to 0.40 % of a
/// core with the three it had). A bucket that has refilled completely is forgotten when new clients arrive past
/// <see cref="PruneAbove"/>, so a stream of one-off addresses does not grow the table.</remarks>
internal sealed class ClientTokenBuckets
{
    /// <summary>Tracked clients above which full buckets are dropped as new ones are added.</summary>
    public const int PruneAbove = 1024;

    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private readonly TimeSpan _refillEvery;
    private readonly TimeProvider _time;

    public ClientTokenBuckets(int capacity, TimeSpan refillEvery, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(refillEvery, TimeSpan.Zero);
        _capacity = capacity;
        _refillEvery = refillEvery;
        _time = timeProvider;
    }

    /// <summary>Clients tracked now (those with a bucket that is not full, and full ones not yet pruned).</summary>
    public int Tracked
    {
        get
        {
            lock (_buckets)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>Takes a token from <paramref name="client"/>'s bucket; false, with when the next one is back, when it
    /// is empty.</summary>
    public bool TryTake(string client, out TimeSpan retryAfter)
    {
        lock (_buckets)
        {
            var now = _time.GetTimestamp();
            var tokens = Refill(client, now);
            if (tokens >= 1)
            {
                _buckets[client] = new Bucket(tokens - 1, now);
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = _refillEvery * (1 - tokens);
            return false;
        }
    }

    /// <summary>The tokens in <paramref name="client"/>'s bucket now, fractions included.</summary>
    public double Available(string client)
    {
        lock (_buckets)
        {
            return Refill(client, _time.GetTimestamp());
        }
    }

    /// <summary>The bucket's tokens at <paramref name="now"/>; prunes full buckets when a new client would grow the
    /// table past <see cref="PruneAbove"/>. Called under the lock.</summary>
    private double Refill(string client, long now)
    {
        if (_buckets.TryGetValue(client, out var bucket))
        {
            return TokensAt(bucket, now);
        }

        if (_buckets.Count >= PruneAbove)
        {
            foreach (var (key, other) in _buckets)
            {
                if (TokensAt(other, now) >= _capacity)
                {
                    _buckets.Remove(key);
                }
            }
        }

        return _capacity;
    }

    private double TokensAt(Bucket bucket, long now) =>
        Math.Min(_capacity, bucket.Tokens + (_time.GetElapsedTime(bucket.Stamp, now) / _refillEvery));

    private readonly record struct Bucket(double Tokens, long Stamp);
}
