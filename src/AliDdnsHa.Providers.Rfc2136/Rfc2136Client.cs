// Licensed under the MIT license.

using System.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using Microsoft.Extensions.Logging;
using ArsoftDnsClient = ARSoft.Tools.Net.Dns.DnsClient;

namespace AliDdnsHa.Providers.Rfc2136;

/// <summary>Sends queries and UPDATE messages to one server: TSIG-signs every attempt afresh (new id, new time),
/// checks the answer's signature and codes, counts every attempt, and retries transient failures within a budget.</summary>
/// <remarks>The wire format and TSIG are ARSoft.Tools.Net's; the retry loop is <see cref="ProviderRetry"/>, since the
/// decision depends on the answer's RCODE and TSIG error, and every attempt must be signed again.</remarks>
public sealed partial class Rfc2136Client
{
    private static readonly TimeSpan s_fudge = TimeSpan.FromMinutes(5);

    private readonly Rfc2136Options _options;
    private readonly string _provider;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProviderRetry _retry;

    public Rfc2136Client(Rfc2136Options options, string provider, ControllerMetrics metrics, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _provider = provider;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
        _retry = new ProviderRetry(options.MaxAttempts, options.RetryBudget, timeProvider);
    }

    public Rfc2136Options Options => _options;

    /// <summary>The first back-off delay; doubled per attempt up to 5 s. Internal for testing.</summary>
    internal TimeSpan BaseDelay
    {
        get => _retry.BaseDelay;
        set => _retry.BaseDelay = value;
    }

    /// <summary>Sends a non-recursive query; returns the answer whatever its RCODE (the caller judges NXDOMAIN).</summary>
    public Task<DnsMessage> QueryAsync(ARSoft.Tools.Net.DomainName name, RecordType type, CancellationToken cancellationToken, RecordClass recordClass = RecordClass.INet) =>
        SendAsync(
            "query",
            () =>
            {
                var message = new DnsMessage { IsRecursionDesired = false };
                message.Questions.Add(new DnsQuestion(name, type, recordClass));
                return message;
            },
            (client, message, ct) => client.SendMessageAsync(message, ct),
            accept: r => r.ReturnCode is ReturnCode.NoError or ReturnCode.NxDomain,
            cancellationToken);

    /// <summary>Sends one UPDATE message built by <paramref name="build"/> (called again for every attempt).</summary>
    public Task<DnsUpdateMessage> UpdateAsync(Func<DnsUpdateMessage> build, CancellationToken cancellationToken) =>
        SendAsync("update", build, (client, message, ct) => client.SendUpdateAsync(message, ct), accept: r => r.ReturnCode == ReturnCode.NoError, cancellationToken);

    private Task<TMessage> SendAsync<TMessage>(
        string operation,
        Func<TMessage> build,
        Func<ArsoftDnsClient, TMessage, CancellationToken, Task<TMessage?>> send,
        Func<TMessage, bool> accept,
        CancellationToken cancellationToken)
        where TMessage : DnsMessageBase =>
        _retry.RunAsync(
            ct => AttemptAsync(operation, build, send, accept, ct),
            (attempt, error, delay) => Log.Retrying(_logger, _provider, operation, attempt, error.Code, delay.TotalMilliseconds),
            cancellationToken);

    private async Task<ProviderAttempt<TMessage>> AttemptAsync<TMessage>(
        string operation,
        Func<TMessage> build,
        Func<ArsoftDnsClient, TMessage, CancellationToken, Task<TMessage?>> send,
        Func<TMessage, bool> accept,
        CancellationToken cancellationToken)
        where TMessage : DnsMessageBase
    {
        var started = _time.GetTimestamp();
        ProviderAttempt<TMessage> Fail(string code, string message, Exception? inner = null, string? hintCode = null)
        {
            _metrics.ObserveProviderRequest(_provider, operation, code, _time.GetElapsedTime(started));
            var error = new DnsProviderException(
                code, $"{operation} to {_options.Server}: {message}", Rfc2136Errors.IsConfigurationError(code), Rfc2136Errors.Hint(hintCode ?? code, _options), inner);
            return new ProviderAttempt<TMessage>(null, error, Rfc2136Errors.IsRetryable(code));
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(_options.ServerHost, out var address)
                ? [address]
                : await System.Net.Dns.GetHostAddressesAsync(_options.ServerHost, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            return Fail("connection_error", $"cannot resolve {_options.ServerHost}: {ex.Message}", ex);
        }

        var message = build();
        if (_options.TsigKeyName is { } keyName)
        {
            // A fresh id and signing time per attempt: servers reject a replayed signature.
            message.TransactionID = (ushort)Random.Shared.Next(1, ushort.MaxValue);
            message.TSigOptions = new TSigRecord(keyName, _options.TsigAlgorithm, _time.GetUtcNow().UtcDateTime, s_fudge, message.TransactionID, ReturnCode.NoError, null, _options.TsigSecret);
        }

        IClientTransport transport = _options.Transport == Rfc2136Transport.Tcp ? new TcpClientTransport(_options.ServerPort) : new UdpClientTransport(_options.ServerPort);
        var client = new ArsoftDnsClient(addresses, [transport], true, (int)_options.Timeout.TotalMilliseconds);
        TMessage? response;
        try
        {
            response = await send(client, message, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            return Fail("connection_error", ex.Message, ex);
        }

        if (response is null)
        {
            // ARSoft answers null for both; a refused TCP connection returns long before the timeout.
            var elapsed = _time.GetElapsedTime(started);
            return elapsed >= _options.Timeout * 0.9
                ? Fail("timeout", $"no answer within {_options.Timeout.TotalSeconds:F1} s ({_options.Transport})")
                : Fail("connection_error", $"no answer ({_options.Transport}: connection refused or reset)");
        }

        var code = Rfc2136Errors.Code(response.ReturnCode, response.TSigOptions?.Error);
        if (code == "ok" && _options.TsigKeyName is not null && response.TSigOptions?.ValidationResult is { } validation && validation != ReturnCode.NoError)
        {
            return Fail("bad_response_signature", $"the answer's TSIG signature does not verify ({validation}); ignored");
        }

        if (!accept(response))
        {
            // PowerDNS answers a wrong secret with a bare NOTAUTH, without the TSIG record that would name the error.
            var unsigned = code == "NOTAUTH" && _options.TsigKeyName is not null && response.TSigOptions is null;
            return Fail(code, $"{code} (RCODE {(int)response.ReturnCode}{(unsigned ? ", no TSIG record in the answer" : "")})", hintCode: unsigned ? "NOTAUTH_UNSIGNED" : null);
        }

        _metrics.ObserveProviderRequest(_provider, operation, "ok", _time.GetElapsedTime(started));
        return new ProviderAttempt<TMessage>(response);
    }


    private static partial class Log
    {
        [LoggerMessage(LogEvents.Providers + 21, LogLevel.Information, "RFC 2136 provider {Provider}: {Operation} attempt {Attempt} failed with {Code}; retrying in {DelayMs:F0} ms", EventName = "Rfc2136Retry")]
        public static partial void Retrying(ILogger logger, string provider, string operation, int attempt, string code, double delayMs);
    }
}
