// Licensed under the MIT license.

using System.Security.Cryptography;
using System.Text;

namespace AliDdnsHa.Web;

/// <summary>Checks basic auth credentials against bcrypt hashes the way exporter-toolkit does, so an unknown user
/// and a wrong password cost the same.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>An unknown user is checked against a fixed cost-10 hash, so it also costs one bcrypt comparison (the costs
/// match when the users' hashes are cost 10, as <c>htpasswd -nBC 10</c> makes them).</item>
/// <item>Comparisons run one at a time: bcrypt is CPU-heavy, and a burst of guesses must not starve the probes.</item>
/// <item>Results are cached (100 entries) under a SHA-256 of user, hash and password, so a Prometheus scraping every
/// 15 s pays bcrypt once, and no password is kept in memory in the clear.</item>
/// </list>
/// bcrypt itself is BCrypt.Net-Next, which compares the final hash in constant time.
/// </remarks>
internal sealed class BasicAuthenticator : IDisposable
{
    /// <summary>A cost-10 bcrypt hash of an unguessable string, made with <c>htpasswd -nbBC 10</c>.</summary>
    private const string UnknownUserHash = "$2y$10$M2hq5IzUX0M0IV3/W9oXGOxG4WIGFnW4uh.lJ6coF52pORLbT5jqK";
    private const int CacheSize = 100;

    private readonly SemaphoreSlim _bcrypt = new(1, 1);
    private readonly Lock _cacheGate = new();
    private readonly Dictionary<string, bool> _cache = new(StringComparer.Ordinal);
    private long _comparisons;

    /// <summary>bcrypt comparisons made so far (cache misses).</summary>
    public long Comparisons => Interlocked.Read(ref _comparisons);

    /// <summary>The cached answer for these credentials, without a bcrypt comparison; <see langword="null"/> when they
    /// are not in the cache.</summary>
    public bool? Cached(IReadOnlyDictionary<string, string> users, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(users);
        var known = users.TryGetValue(user, out var hash);
        var key = CacheKey(user, hash ?? UnknownUserHash, password);
        lock (_cacheGate)
        {
            return _cache.TryGetValue(key, out var cached) ? cached && known : null;
        }
    }

    /// <summary>True when <paramref name="user"/> is in <paramref name="users"/> and <paramref name="password"/> matches.</summary>
    public async ValueTask<bool> CheckAsync(IReadOnlyDictionary<string, string> users, string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var known = users.TryGetValue(user, out var hash);
        hash ??= UnknownUserHash;
        var key = CacheKey(user, hash, password);
        lock (_cacheGate)
        {
            if (_cache.TryGetValue(key, out var cached))
            {
                return cached && known;
            }
        }

        bool matches;
        await _bcrypt.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Interlocked.Increment(ref _comparisons);
            matches = BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            matches = false;
        }
        finally
        {
            _bcrypt.Release();
        }

        lock (_cacheGate)
        {
            if (_cache.Count >= CacheSize)
            {
                // Drop about a tenth, as exporter-toolkit does; which ones does not matter.
                foreach (var old in _cache.Keys.Take(CacheSize / 10).ToList())
                {
                    _cache.Remove(old);
                }
            }

            _cache[key] = matches;
        }

        return matches && known;
    }

    public void Dispose() => _bcrypt.Dispose();

    private static string CacheKey(string user, string hash, string password)
    {
        var bytes = Encoding.UTF8.GetBytes($"{user.Length}:{user}{hash.Length}:{hash}{password}");
        return Convert.ToHexString(SHA256.HashData(bytes));
    }
}
