// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AliDdnsHa.Testing;

/// <summary>
/// A faithful stand-in for Alibaba Cloud DNS on a loopback HTTP port, for tests: the record actions with the real JSON
/// shapes, HTTP statuses and error codes. It checks what the service checks: the V1 signature (with its own
/// implementation, not the client's), the AccessKeyId, a nonce not reused within 15 minutes, a timestamp within ±15
/// minutes, the domain's TTL minimum and a same-name record cap; and it can inject faults on demand.
/// </summary>
/// <remarks>
/// Records live on lines (解析线路) as the service keeps them, and the emulator answers as the service does where a
/// careless client loses records: DescribeSubDomainRecords without <c>Line</c> answers every line's records,
/// UpdateDomainRecord without <c>Line</c> moves the record to <c>default</c>, DeleteSubDomainRecords has no
/// <c>Line</c> and deletes the name on every line, and a locked record refuses every change with
/// <c>DomainRecordLocked</c>. Record actions are in <c>AlidnsEmulator.Records.cs</c>, domain and line actions in
/// <c>AlidnsEmulator.Domains.cs</c>.
/// </remarks>
public sealed partial class AlidnsEmulator : IDisposable
{
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(15);
    private readonly HttpListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Domain> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private long _nextId = 741592597507382272; // real ids exceed 2^53

    public AlidnsEmulator(TimeProvider? timeProvider = null)
    {
        Time = timeProvider ?? TimeProvider.System;
        var port = FreeTcpPort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _keys["testid"] = "testsecret";
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    public TimeProvider Time { get; }

    /// <summary>Added to the emulator's clock, to simulate a client whose clock is off.</summary>
    public TimeSpan ClockSkew { get; set; }

    /// <summary>Same-name, same-type record cap (the free edition's 10).</summary>
    public int RecordCap { get; set; } = 10;

    /// <summary>Every request that passed authentication, in order: action and parameters.</summary>
    public ConcurrentQueue<(string Action, IReadOnlyDictionary<string, string> Parameters)> Requests { get; } = new();

    /// <summary>Every answer that refused a request on its merits (not an injected fault): action, code and message.</summary>
    public ConcurrentQueue<(string Action, string Code, string Message)> Rejected { get; } = new();

    /// <summary>The share of requests (0 to 1) answered with <c>Throttling.User</c> and a 10 ms <c>x-acs-retry-after</c>,
    /// chosen by a seeded random sequence so a run is repeatable.</summary>
    public double ThrottleRate { get; set; }

    /// <summary>Requests answered with throttling because of <see cref="ThrottleRate"/>.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    private readonly Random _throttleDice = new(20261207);
    private int _throttled;

    /// <summary>Every request received, authenticated or not.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Called after every write with the zone, the changed RR, its line and the line's enabled A values (a
    /// record moved between lines reports both).</summary>
    public Action<string, string, string, IReadOnlyList<string>>? OnChange { get; set; }

    private int _received;

    public void AddKey(string id, string secret)
    {
        lock (_gate)
        {
            _keys[id] = secret;
        }
    }

    /// <summary>Adds a domain. <paramref name="lines"/> are the line codes its edition offers (DescribeSupportLines);
    /// the free edition's when <see langword="null"/>. A paid edition has an <paramref name="instanceId"/>, whose
    /// DescribeDnsProductInstance answers <paramref name="minTtl"/> as <c>TTLMinValue</c>.</summary>
    public void AddDomain(
        string zone,
        int minTtl = 600,
        string versionCode = "mianfei",
        string versionName = "Alibaba Cloud DNS Free Edition",
        IReadOnlyList<string>? lines = null,
        string? instanceId = null)
    {
        lock (_gate)
        {
            IReadOnlyList<string> offered = lines is null ? FreeEditionLines : lines.Contains("default") ? lines : ["default", .. lines];
            _domains[zone] = new Domain(zone, minTtl, versionCode, versionName, offered, instanceId);
        }
    }

    /// <summary>Puts a record straight into the zone (no checks), as a user of the console would.</summary>
    public string Seed(string zone, string rr, string value, string type = "A", int ttl = 600, string status = "ENABLE", string line = "default", bool locked = false)
    {
        lock (_gate)
        {
            var record = new Record((_nextId++).ToString(CultureInfo.InvariantCulture), rr, type, value, ttl, status, line, locked);
            _domains[zone].Records.Add(record);
            return record.RecordId;
        }
    }

    /// <summary>The values of one RR, type and line (enabled ones only by default), sorted.</summary>
    public IReadOnlyList<string> Values(string zone, string rr, string type = "A", bool enabledOnly = true, string line = "default")
    {
        lock (_gate)
        {
            return [.. _domains[zone].Records
                .Where(r => r.RR.Equals(rr, StringComparison.OrdinalIgnoreCase) && r.Type == type && r.Line == line && (!enabledOnly || r.Status == "ENABLE"))
                .Select(r => r.Value).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>A copy of every record of a zone.</summary>
    public IReadOnlyList<EmulatedRecord> Records(string zone)
    {
        lock (_gate)
        {
            return [.. _domains[zone].Records.Select(r => new EmulatedRecord(r.RecordId, r.RR, r.Type, r.Value, r.Ttl, r.Status, r.Line, r.Locked))];
        }
    }

    /// <summary>Deletes records straight from the zone (no checks), as a user of the console would.</summary>
    public void Remove(string zone, Func<EmulatedRecord, bool> which)
    {
        lock (_gate)
        {
            _domains[zone].Records.RemoveAll(r => which(new EmulatedRecord(r.RecordId, r.RR, r.Type, r.Value, r.Ttl, r.Status, r.Line, r.Locked)));
        }
    }

    /// <summary>Locks or unlocks a record, as the console's lock does: a locked record refuses every change.</summary>
    public void SetLocked(string recordId, bool locked)
    {
        lock (_gate)
        {
            var (domain, record) = Find(recordId) ?? throw new ArgumentException($"no record {recordId}", nameof(recordId));
            domain.Records[domain.Records.IndexOf(record)] = record with { Locked = locked };
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests (of <paramref name="action"/>, or any) with throttling.</summary>
    public void Throttle(int count = 1, int retryAfterMs = 20, string? action = null) => Enqueue(count, new Fault(action, FaultKind.Throttle, "Throttling.User", 400, retryAfterMs));

    /// <summary>Answers the next requests with an error code and status.</summary>
    public void Fail(string code, int status, int count = 1, string? action = null) => Enqueue(count, new Fault(action, FaultKind.Error, code, status, 0));

    /// <summary>Delays the next answers.</summary>
    public void Slow(TimeSpan delay, int count = 1, string? action = null) => Enqueue(count, new Fault(action, FaultKind.Slow, "", 0, (int)delay.TotalMilliseconds));

    /// <summary>Drops the next connections without an answer.</summary>
    public void Drop(int count = 1, string? action = null) => Enqueue(count, new Fault(action, FaultKind.Drop, "", 0, 0));

    /// <summary>Answers the next requests with this raw body and status (malformed answers).</summary>
    public void Raw(string body, int status = 200, int count = 1, string? action = null) => Enqueue(count, new Fault(action, FaultKind.Raw, body, status, 0));

    public void ClearFaults() => _faults.Clear();

    public int Count(string action) => Requests.Count(r => r.Action == action);

    /// <summary>The emulator's own V1 signature: RFC 3986 via <see cref="Uri.EscapeDataString(string)"/>, ordinal sort.</summary>
    public static string ComputeSignature(string method, IEnumerable<KeyValuePair<string, string>> parameters, string secret)
    {
        var canonical = string.Join("&", parameters
            .Where(p => p.Key != "Signature")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var stringToSign = method + "&" + Uri.EscapeDataString("/") + "&" + Uri.EscapeDataString(canonical);
#pragma warning disable CA5350 // the Alidns V1 signature is HMAC-SHA1 by definition
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(secret + "&"));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stopping.Dispose();
    }

    private void Enqueue(int count, Fault fault)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _received);
        try
        {
            var parameters = await ReadParametersAsync(context.Request);
            var action = parameters.GetValueOrDefault("Action") ?? "";
            if (TakeFault(action) is { } fault)
            {
                switch (fault.Kind)
                {
                    case FaultKind.Drop:
                        // HttpListener's Abort before any byte answers an empty 200 on Linux: promise a body, send one
                        // byte of it, then cut the connection, as a reset in the middle of an answer does.
                        context.Response.ContentLength64 = 100;
                        await context.Response.OutputStream.WriteAsync("{"u8.ToArray());
                        await context.Response.OutputStream.FlushAsync();
                        context.Response.Abort();
                        return;
                    case FaultKind.Slow:
                        await Task.Delay(TimeSpan.FromMilliseconds(fault.Value), _stopping.Token);
                        break;
                    case FaultKind.Raw:
                        await WriteAsync(context.Response, fault.Status, fault.Code, null);
                        return;
                    case FaultKind.Throttle:
                        await WriteErrorAsync(context.Response, fault.Status, fault.Code, "Request was denied due to user flow control.", ("x-acs-retry-after", fault.Value.ToString(CultureInfo.InvariantCulture)));
                        return;
                    default:
                        await WriteErrorAsync(context.Response, fault.Status, fault.Code, "The request processing has failed due to some unknown error, exception or failure.");
                        return;
                }
            }

            if (ThrottleRate > 0 && RollThrottle())
            {
                Interlocked.Increment(ref _throttled);
                await WriteErrorAsync(context.Response, 400, "Throttling.User", "Request was denied due to user flow control.", ("x-acs-retry-after", "10"));
                return;
            }

            var (status, body) = Process(context.Request.HttpMethod, parameters);
            if (status >= 400)
            {
                using var error = JsonDocument.Parse(body);
                Rejected.Enqueue((action, error.RootElement.GetProperty("Code").GetString() ?? "", error.RootElement.GetProperty("Message").GetString() ?? ""));
            }

            await WriteAsync(context.Response, status, body, null);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
        }
    }

    private bool RollThrottle()
    {
        lock (_throttleDice)
        {
            return _throttleDice.NextDouble() < ThrottleRate;
        }
    }

    private Fault? TakeFault(string action)
    {
        if (_faults.TryPeek(out var next) && (next.Action is null || next.Action == action) && _faults.TryDequeue(out var fault))
        {
            return fault;
        }

        return null;
    }

    private (int Status, string Body) Process(string method, Dictionary<string, string> p)
    {
        foreach (var required in new[] { "Action", "Version", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Signature" })
        {
            if (!p.ContainsKey(required))
            {
                return Error(400, "MissingParameter", $"The input parameter \"{required}\" that is mandatory for processing this request is not supplied.");
            }
        }

        lock (_gate)
        {
            if (!_keys.TryGetValue(p["AccessKeyId"], out var secret))
            {
                return Error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
            }

            var expected = ComputeSignature(method, p, secret);
            if (expected != p["Signature"])
            {
                var canonical = string.Join("&", p.Where(x => x.Key != "Signature").OrderBy(x => x.Key, StringComparer.Ordinal)
                    .Select(x => Uri.EscapeDataString(x.Key) + "=" + Uri.EscapeDataString(x.Value)));
                return Error(400, "SignatureDoesNotMatch", $"Specified signature is not matched with our calculation. server string to sign is:{method}&%2F&{Uri.EscapeDataString(canonical)}");
            }

            var now = Time.GetUtcNow() + ClockSkew;
            if (!DateTimeOffset.TryParseExact(p["Timestamp"], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
            {
                return Error(400, "IllegalTimestamp", "The input parameter \"Timestamp\" that is mandatory for processing this request is not supplied.");
            }

            if ((now - timestamp).Duration() > s_window)
            {
                return Error(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
            }

            foreach (var old in _nonces.Where(n => now - n.Value > s_window).Select(n => n.Key).ToList())
            {
                _nonces.Remove(old);
            }

            if (!_nonces.TryAdd(p["SignatureNonce"], now))
            {
                return Error(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
            }

            if (p.GetValueOrDefault("Format") is { } format && !format.Equals("JSON", StringComparison.OrdinalIgnoreCase))
            {
                return Error(400, "InvalidParameter", "This emulator answers JSON only.");
            }

            if (p["Version"] != "2015-01-09")
            {
                return Error(400, "NoSuchVersion", "Specified api version is not valid.");
            }

            Requests.Enqueue((p["Action"], p));
            return p["Action"] switch
            {
                "DescribeSubDomainRecords" => DescribeSubDomainRecords(p),
                "AddDomainRecord" => AddDomainRecord(p),
                "UpdateDomainRecord" => UpdateDomainRecord(p),
                "DeleteDomainRecord" => DeleteDomainRecord(p),
                "SetDomainRecordStatus" => SetDomainRecordStatus(p),
                "DeleteSubDomainRecords" => DeleteSubDomainRecords(p),
                "DescribeDomainInfo" => DescribeDomainInfo(p),
                "DescribeDnsProductInstance" => DescribeDnsProductInstance(p),
                "DescribeSupportLines" => DescribeSupportLines(p),
                "GetMainDomainName" => GetMainDomainName(p),
                _ => Error(400, "InvalidAction.NotFound", $"Specified api is not found, please check your url and method."),
            };
        }
    }

    /// <summary>An A value must be IPv4 and an AAAA value IPv6, as the console and API insist. The published error table
    /// names no code for this; <c>InvalidValue</c> is our assumption, and no client logic depends on the code.</summary>
    private static (int, string)? ValueMismatch(Dictionary<string, string> p)
    {
        var type = p["Type"].ToUpperInvariant();
        var family = type switch
        {
            "A" => AddressFamily.InterNetwork,
            "AAAA" => AddressFamily.InterNetworkV6,
            _ => (AddressFamily?)null,
        };
        return family is { } f && !(IPAddress.TryParse(p["Value"], out var address) && address.AddressFamily == f)
            ? Error(400, "InvalidValue", $"The record value {p["Value"]} is invalid for a record of type {type}.")
            : null;
    }

    /// <summary>Raises <see cref="OnChange"/> with the enabled A values of the name on a line (AAAA sets are read with
    /// <see cref="Values"/>).</summary>
    private void Changed(Domain domain, string rr, string line) =>
        OnChange?.Invoke(domain.Zone, rr, line, [.. domain.Records.Where(r => r.RR == rr && r.Type == "A" && r.Line == line && r.Status == "ENABLE").Select(r => r.Value).Order(StringComparer.Ordinal)]);

    private Domain? FindZone(string name) =>
        _domains.Values.Where(d => name.Equals(d.Zone, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + d.Zone, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(d => d.Zone.Length).FirstOrDefault();

    private (Domain, Record)? Find(string id)
    {
        foreach (var domain in _domains.Values)
        {
            if (domain.Records.Find(r => r.RecordId == id) is { } record)
            {
                return (domain, record);
            }
        }

        return null;
    }

    private static (int, string)? Missing(Dictionary<string, string> p, params string[] names) =>
        names.FirstOrDefault(n => !p.ContainsKey(n)) is { } name
            ? Error(400, "MissingParameter", $"The input parameter \"{name}\" that is mandatory for processing this request is not supplied.")
            : null;

    private static string RelativeName(string name, string zone) =>
        name.Equals(zone, StringComparison.OrdinalIgnoreCase) ? "@" : name[..^(zone.Length + 1)];

    private static string RequestId() => Guid.NewGuid().ToString().ToUpperInvariant();

    private static (int, string) Ok(object body) => (200, JsonSerializer.Serialize(body));

    private static (int, string) Error(int status, string code, string message) => (status, JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["RequestId"] = RequestId(),
        ["HostId"] = "alidns.aliyuncs.com",
        ["Code"] = code,
        ["Message"] = message,
        ["Recommend"] = $"https://api.aliyun.com/troubleshoot?q={code}&product=Alidns",
    }));

    private static async Task WriteErrorAsync(HttpListenerResponse response, int status, string code, string message, params (string Name, string Value)[] headers)
    {
        var (_, body) = Error(status, code, message);
        await WriteAsync(response, status, body, headers);
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string body, (string Name, string Value)[]? headers)
    {
        response.StatusCode = status;
        response.ContentType = "application/json;charset=utf-8";
        foreach (var (name, value) in headers ?? [])
        {
            response.AddHeader(name, value);
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static async Task<Dictionary<string, string>> ReadParametersAsync(HttpListenerRequest request)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Parse(request.Url?.Query.TrimStart('?') ?? "", result);
        if (request.HasEntityBody)
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            Parse(await reader.ReadToEndAsync(), result);
        }

        return result;
    }

    private static void Parse(string form, Dictionary<string, string> into)
    {
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            into[Uri.UnescapeDataString(name.Replace('+', ' '))] = Uri.UnescapeDataString(value.Replace('+', ' '));
        }
    }

    private static int FreeTcpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private enum FaultKind
    {
        Throttle,
        Error,
        Slow,
        Drop,
        Raw,
    }

    private sealed record Fault(string? Action, FaultKind Kind, string Code, int Status, int Value);

    private sealed record Record(string RecordId, string RR, string Type, string Value, int Ttl, string Status, string Line, bool Locked);

    private sealed record Domain(string Zone, int MinTtl, string VersionCode, string VersionName, IReadOnlyList<string> Lines, string? InstanceId)
    {
        public List<Record> Records { get; } = [];
    }
}
