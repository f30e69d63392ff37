// Licensed under the MIT license.

using System.Text;
using AliDdnsHa.Diagnostics;
using Prometheus;

namespace AliDdnsHa.Web;

/// <summary>Counts every refused request or connection in <c>aliddnsha_http_requests_refused_total{reason}</c> and logs
/// them at most once a minute per client, so an outsider cannot fill the log.</summary>
/// <remarks>The first refusal from a client that has been quiet for a minute is logged at once. Those that follow
/// within the minute are counted, and one line then says how many there were and why ("42 refused requests from
/// 192.168.1.77 in the last minute (bad password for admin)"). At most <see cref="MaxClients"/> clients are tracked;
/// beyond that the rest share one line, so many addresses cannot fill the log either.</remarks>
internal sealed partial class RefusalLog : IDisposable
{
    public const string OtherClients = "other addresses";
    public const int MaxClients = 256;
    private const int MaxDetails = 4;
    private static readonly TimeSpan s_quiet = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Counter _refused;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _clients = new(StringComparer.Ordinal);
    private readonly System.Threading.ITimer _timer;

    public RefusalLog(IMetricFactory metrics, TimeProvider timeProvider, ILogger<RefusalLog> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _time = timeProvider;
        _logger = logger;
        _refused = metrics.CreateCounter(
            "aliddnsha_http_requests_refused_total",
            "Requests and connections the HTTP port refused, by reason: auth (no or wrong credentials), rate_limited (too many failures from one client), bad_request (malformed, too large, too slow, or a turned-off API), tls (failed handshake), too_many_connections.",
            ["reason"]);
        foreach (var reason in Enum.GetValues<RefusalReason>())
        {
            _refused.WithLabels(Label(reason));
        }

        _timer = timeProvider.CreateTimer(_ => Flush(), null, s_tick, s_tick);
    }

    /// <summary>The metric label of <paramref name="reason"/>.</summary>
    public static string Label(RefusalReason reason) => reason switch
    {
        RefusalReason.Auth => "auth",
        RefusalReason.RateLimited => "rate_limited",
        RefusalReason.BadRequest => "bad_request",
        RefusalReason.Tls => "tls",
        RefusalReason.TooManyConnections => "too_many_connections",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    /// <summary>Counts one refusal of <paramref name="client"/> (a <see cref="ClientAddress"/> key) and logs it if
    /// this client has not been logged in the last minute. <paramref name="detail"/> must hold no secret.</summary>
    public void Refused(string client, RefusalReason reason, string detail)
    {
        _refused.WithLabels(Label(reason)).Inc();
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_clients.TryGetValue(client, out var entry))
            {
                if (_clients.Count >= MaxClients)
                {
                    client = OtherClients;
                    entry = _clients.GetValueOrDefault(client);
                }

                if (entry is null)
                {
                    entry = new Entry();
                    _clients[client] = entry;
                }
            }

            if (entry.Pending > 0 || now < entry.QuietUntil)
            {
                entry.Add(detail);
                return;
            }

            entry.QuietUntil = now + s_quiet;
        }

        Log.First(_logger, client, detail);
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>Writes the pending lines of the clients whose minute is over, and forgets those that stayed quiet.</summary>
    internal void Flush()
    {
        var now = _time.GetUtcNow();
        List<(string Client, int Count, string Details)> lines = [];
        lock (_gate)
        {
            foreach (var (client, entry) in _clients)
            {
                if (now < entry.QuietUntil)
                {
                    continue;
                }

                if (entry.Pending > 0)
                {
                    lines.Add((client, entry.Pending, entry.Describe()));
                    entry.Clear();
                    entry.QuietUntil = now + s_quiet;
                }
                else
                {
                    _clients.Remove(client);
                }
            }
        }

        foreach (var (client, count, details) in lines)
        {
            Log.Summary(_logger, count, count == 1 ? "" : "s", client, details);
        }
    }

    private sealed class Entry
    {
        private readonly Dictionary<string, int> _details = new(StringComparer.Ordinal);

        public DateTimeOffset QuietUntil { get; set; }

        public int Pending { get; private set; }

        public void Add(string detail)
        {
            Pending++;
            if (_details.Count < MaxDetails || _details.ContainsKey(detail))
            {
                _details[detail] = _details.GetValueOrDefault(detail) + 1;
            }
            else
            {
                _details["other"] = _details.GetValueOrDefault("other") + 1;
            }
        }

        /// <summary>"bad password for admin" when all were alike; "40 bad password for admin, 2 request headers too
        /// large" when not.</summary>
        public string Describe()
        {
            if (_details.Count == 1)
            {
                return _details.Keys.First();
            }

            var text = new StringBuilder();
            foreach (var (detail, count) in _details.OrderByDescending(d => d.Value))
            {
                text.Append(text.Length == 0 ? "" : ", ").Append(count).Append(' ').Append(detail);
            }

            return text.ToString();
        }

        public void Clear()
        {
            Pending = 0;
            _details.Clear();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Web + 10, LogLevel.Warning, "Refused a request from {Client}: {Detail} (more from this address within a minute are counted, then logged in one line)", EventName = "WebRefused")]
        public static partial void First(ILogger logger, string client, string detail);

        [LoggerMessage(LogEvents.Web + 11, LogLevel.Warning, "{Count} refused request{Plural} from {Client} in the last minute ({Details})", EventName = "WebRefusedSummary")]
        public static partial void Summary(ILogger logger, int count, string plural, string client, string details);
    }
}
