// Licensed under the MIT license.

namespace AliDdnsHa.Web;

/// <summary>How many of something (connections, held connections) each client key has, up to a limit per client;
/// a client is forgotten when its count is back to zero.</summary>
/// <remarks>Written by hand instead of System.Threading.RateLimiting's partitioned concurrency limiter for the same
/// reason as <see cref="ClientTokenBuckets"/>: no timer runs while nothing happens.</remarks>
internal sealed class ClientConnectionCounts(int perClient)
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>The limit per client.</summary>
    public int PerClient { get; } = perClient > 0 ? perClient : throw new ArgumentOutOfRangeException(nameof(perClient));

    /// <summary>Counts one more for <paramref name="client"/>; <see langword="null"/> when it is at its limit. Dispose
    /// what is returned to count it off again.</summary>
    public IDisposable? TryAcquire(string client)
    {
        lock (_counts)
        {
            var held = _counts.GetValueOrDefault(client);
            if (held >= PerClient)
            {
                return null;
            }

            _counts[client] = held + 1;
            return new Lease(this, client);
        }
    }

    /// <summary>How many <paramref name="client"/> has now.</summary>
    public int Held(string client)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(client);
        }
    }

    private void Release(string client)
    {
        lock (_counts)
        {
            var held = _counts.GetValueOrDefault(client) - 1;
            if (held > 0)
            {
                _counts[client] = held;
            }
            else
            {
                _counts.Remove(client);
            }
        }
    }

    private sealed class Lease(ClientConnectionCounts owner, string client) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(client);
            }
        }
    }
}
