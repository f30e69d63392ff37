// Licensed under the MIT license.

using System.Net;
using System.Text;
using System.Threading.RateLimiting;
using AliDdnsHa.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace AliDdnsHa.Web;

/// <summary>Decides, before a byte is read, whether a new connection is served: at most
/// <c>Web.MaxConnectionsPerClient</c> from one client, <c>Web.MaxConnections</c> from all, and
/// <see cref="WebOptions.ReservedConnections"/> more for clients that hold none, so a health check or a Prometheus
/// still gets in while the cap is reached. A client that keeps sending bad requests or failing TLS handshakes (30 at
/// once, then 30 a minute) is shut out: its new connections are held unread for <see cref="HoldShutOut"/> and then
/// get 429, so a junk loop waits instead of spinning.</summary>
/// <remarks>A refused connection on a plain HTTP port gets a short 503 before it is closed; on a TLS port it is
/// closed. The client's key is also added to Kestrel's connection metrics, so a bad request or a failed TLS handshake
/// Kestrel reports later can be told by client (<see cref="KestrelRefusalListener"/>).</remarks>
internal sealed class ConnectionAdmission : IDisposable
{
    /// <summary>The tag that carries the client key on Kestrel's <c>kestrel.connection.duration</c>.</summary>
    public const string ClientTag = "aliddnsha.client";

    /// <summary>Bad requests and failed handshakes a client may cause: a burst of this many, then this many a minute.</summary>
    private const int BadRequestsPerMinute = 30;

    /// <summary>Connections of shut-out clients held before their 429 (all clients together, and per client), so an
    /// attacker's loop waits instead of spinning; beyond these a shut-out client's connection is closed at once.</summary>
    private const int HeldTotal = 32;
    private const int HeldPerClient = 4;

    /// <summary>How long a shut-out client's connection is held before its 429.</summary>
    public static readonly TimeSpan HoldShutOut = TimeSpan.FromSeconds(5);

    private static readonly byte[] s_refusal = Encoding.ASCII.GetBytes(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 21\r\nRetry-After: 5\r\nConnection: close\r\n\r\ntoo many connections\n");

    private static readonly byte[] s_shutOut = Encoding.ASCII.GetBytes(
        "HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain\r\nContent-Length: 18\r\nRetry-After: 10\r\nConnection: close\r\n\r\ntoo many requests\n");

    private readonly int _perClient;
    private readonly bool _tls;
    private readonly RefusalLog _refusals;
    private readonly ClientConnectionCounts _perClientCounts;
    private readonly ConcurrencyLimiter _shared;
    private readonly ConcurrencyLimiter _reserved = new(new ConcurrencyLimiterOptions { PermitLimit = WebOptions.ReservedConnections, QueueLimit = 0 });
    private readonly ClientTokenBuckets _badRequests;
    private readonly ConcurrencyLimiter _heldTotal = new(new ConcurrencyLimiterOptions { PermitLimit = HeldTotal, QueueLimit = 0 });
    private readonly ClientConnectionCounts _heldPerClient = new(HeldPerClient);
    private readonly TimeProvider _time;

    public ConnectionAdmission(WebOptions options, bool tls, RefusalLog refusals, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _perClient = options.MaxConnectionsPerClient;
        _tls = tls;
        _refusals = refusals;
        _time = timeProvider;
        _perClientCounts = new ClientConnectionCounts(_perClient);
        _shared = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.MaxConnections, QueueLimit = 0 });
        _badRequests = new ClientTokenBuckets(BadRequestsPerMinute, TimeSpan.FromMinutes(1) / BadRequestsPerMinute, timeProvider);
    }

    /// <summary>Kestrel's connection middleware (<c>ListenOptions.Use</c>).</summary>
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        var client = ClientAddress.Key((connection.RemoteEndPoint as IPEndPoint)?.Address);
        connection.Features.Get<IConnectionMetricsTagsFeature>()?.Tags.Add(new(ClientTag, client));

        if (IsShutOut(client))
        {
            _refusals.Refused(client, RefusalReason.RateLimited, "connection refused after too many bad requests");
            await HoldAsync(connection, client);
            await RefuseAsync(connection, s_shutOut);
            return;
        }

        using var admitted = Admit(client);
        if (admitted is null)
        {
            _refusals.Refused(client, RefusalReason.TooManyConnections, $"connection refused: the client holds {_perClient - Available(client)} of its {_perClient}, or all are in use");
            await RefuseAsync(connection, s_refusal);
            return;
        }

        await next(connection);
    }

    /// <summary>Counts a bad request or a failed handshake against <paramref name="client"/>.</summary>
    public void BadRequestFrom(string client) => _badRequests.TryTake(client, out _);

    public void Dispose()
    {
        _heldTotal.Dispose();
        _shared.Dispose();
        _reserved.Dispose();
    }

    /// <summary>Whether the client's budget of bad requests is spent: less than one whole token back.</summary>
    private bool IsShutOut(string client) => _badRequests.Available(client) < 1;

    private int Available(string client) => _perClient - _perClientCounts.Held(client);

    /// <summary>The connection's slots, or <see langword="null"/> when it must be refused.</summary>
    private Slots? Admit(string client)
    {
        var own = _perClientCounts.TryAcquire(client);
        if (own is null)
        {
            return null;
        }

        var slot = _shared.AttemptAcquire();
        if (!slot.IsAcquired && Available(client) == _perClient - 1)
        {
            // The cap is reached, and this is the client's only connection: a reserved slot.
            slot.Dispose();
            slot = _reserved.AttemptAcquire();
        }

        if (!slot.IsAcquired)
        {
            slot.Dispose();
            own.Dispose();
            return null;
        }

        return new Slots(own, slot);
    }

    /// <summary>Holds a shut-out client's connection unread for <see cref="HoldShutOut"/>, if held slots are free.</summary>
    private async Task HoldAsync(ConnectionContext connection, string client)
    {
        using var own = _heldPerClient.TryAcquire(client);
        using var shared = own is not null ? _heldTotal.AttemptAcquire() : null;
        if (shared?.IsAcquired != true)
        {
            return;
        }

        try
        {
            await Task.Delay(HoldShutOut, _time, connection.ConnectionClosed);
        }
        catch (OperationCanceledException)
        {
            // The client gave up first.
        }
    }

    private async Task RefuseAsync(ConnectionContext connection, byte[] response)
    {
        if (!_tls)
        {
            try
            {
                await connection.Transport.Output.WriteAsync(response, connection.ConnectionClosed);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
            {
                // The client is gone already.
            }
        }
    }

    private sealed class Slots(IDisposable own, RateLimitLease shared) : IDisposable
    {
        public void Dispose()
        {
            shared.Dispose();
            own.Dispose();
        }
    }
}
