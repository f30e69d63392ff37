// Licensed under the MIT license.

using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Providers.AlibabaCloud.Messages;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Providers.AlibabaCloud;

/// <summary>Calls Alidns RPC actions: signs every attempt afresh, classifies errors, retries within a budget.</summary>
/// <remarks>
/// Requests are POSTs with every parameter in a form body (nothing, not even the signature, lands in a proxy's URL
/// log). Each attempt gets a new <c>SignatureNonce</c>, <c>Timestamp</c> and signature: a re-sent nonce is answered with
/// <c>SignatureNonceUsed</c>. Retried: <c>Throttling*</c>, <c>LastOperationNotFinished</c>, <c>SignatureNonceUsed</c>,
/// <c>InternalError</c>, <c>ServiceUnavailable</c>, other 5xx, timeouts and connection failures, and any answer with
/// <c>x-acs-retry-after</c> (milliseconds, honoured). Back-off is exponential with jitter, bounded by
/// <see cref="AlibabaCloudOptions.MaxAttempts"/> and <see cref="AlibabaCloudOptions.RetryBudget"/> (<see cref="ProviderRetry"/>).
/// </remarks>
public sealed partial class AlibabaCloudDnsClient
{
    public const string ApiVersion = "2015-01-09";
    internal const int MaxBodyBytes = 1 << 20;

    private readonly HttpClient _http;
    private readonly AlibabaCloudOptions _options;
    private readonly string _provider;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProviderRetry _retry;

    public AlibabaCloudDnsClient(HttpClient http, AlibabaCloudOptions options, string provider, ControllerMetrics metrics, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _provider = provider;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
        _retry = new ProviderRetry(options.MaxAttempts, options.RetryBudget, timeProvider);
    }

    /// <summary>The first back-off delay; doubled per attempt up to 5 s. Internal for testing.</summary>
    internal TimeSpan BaseDelay
    {
        get => _retry.BaseDelay;
        set => _retry.BaseDelay = value;
    }

    /// <summary>The clock every attempt is timed on.</summary>
    internal TimeProvider Time => _time;

    /// <summary>Makes a new nonce. Internal for testing.</summary>
    internal Func<string> NewNonce { get; set; } = () => Guid.NewGuid().ToString();

    /// <summary>Calls <paramref name="action"/> and deserialises the answer. Throws <see cref="DnsProviderException"/>.</summary>
    public async Task<T> CallAsync<T>(string action, IReadOnlyDictionary<string, string> parameters, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var body = await SendAsync(action, parameters, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new JsonException("null answer");
        }
        catch (JsonException ex)
        {
            throw new DnsProviderException("malformed_response", $"{action}: the answer is not the expected JSON ({ex.Message})", innerException: ex);
        }
    }

    /// <summary>The signed parameters of one attempt (without <c>Signature</c>). Internal for testing.</summary>
    internal SortedDictionary<string, string> CommonParameters(string action, IReadOnlyDictionary<string, string> parameters)
    {
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = action,
            ["Format"] = "JSON",
            ["Version"] = ApiVersion,
            ["AccessKeyId"] = _options.AccessKeyId,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureVersion"] = "1.0",
            ["SignatureNonce"] = NewNonce(),
            ["Timestamp"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(_options.SecurityToken))
        {
            signed["SecurityToken"] = _options.SecurityToken;
        }

        foreach (var (key, value) in parameters)
        {
            // Empty values are never sent: the SDKs disagree on whether "Key=" is signed.
            if (!string.IsNullOrEmpty(value))
            {
                signed[key] = value;
            }
        }

        return signed;
    }

    private Task<string> SendAsync(string action, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken) =>
        _retry.RunAsync(
            ct => AttemptAsync(action, parameters, ct),
            (attempt, error, delay) => Log.Retrying(_logger, _provider, action, attempt, error.Code, delay.TotalMilliseconds),
            cancellationToken);

    private async Task<ProviderAttempt<string>> AttemptAsync(string action, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var signed = CommonParameters(action, parameters);
        var signature = AlibabaCloudRequestSigner.Sign("POST", signed, _options.AccessKeySecret);
        var form = AlibabaCloudRequestSigner.Canonicalize(signed) + "&Signature=" + AlibabaCloudPercentEncoding.Encode(signature);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint)
        {
            Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _time.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await ReadBodyAsync(response, linked.Token);
            var elapsed = _time.GetElapsedTime(started);
            if (response.IsSuccessStatusCode)
            {
                _metrics.ObserveProviderRequest(_provider, action, "ok", elapsed);
                return new ProviderAttempt<string>(body);
            }

            var parsed = ParseError(body);
            var code = parsed?.Code is { Length: > 0 } c ? c : $"HTTP{(int)response.StatusCode}";
            _metrics.ObserveProviderRequest(_provider, action, AlibabaCloudErrors.Label(code), elapsed);
            var retryAfter = RetryAfter(response);
            var exception = new DnsProviderException(
                code,
                $"{action}: {code}: {Redact(parsed?.Message ?? response.ReasonPhrase ?? "")} (HTTP {(int)response.StatusCode}, RequestId {parsed?.RequestId ?? "none"})",
                AlibabaCloudErrors.IsConfigurationError(code),
                AlibabaCloudErrors.Hint(code))
            {
                IsRefusal = AlibabaCloudErrors.IsRefusal(code),
                IsConflict = AlibabaCloudErrors.IsConflict(code),
            };
            return new ProviderAttempt<string>(null, exception, retryAfter is not null || AlibabaCloudErrors.IsRetryable(code, (int)response.StatusCode), retryAfter);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _metrics.ObserveProviderRequest(_provider, action, "timeout", _time.GetElapsedTime(started));
            return new ProviderAttempt<string>(null, new DnsProviderException("timeout", $"{action}: no answer from {_options.Endpoint} within {_options.Timeout.TotalSeconds:F0} s", innerException: ex), true);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // IOException: the connection was reset in the middle of the answer (HttpIOException).
            _metrics.ObserveProviderRequest(_provider, action, "connection_error", _time.GetElapsedTime(started));
            return new ProviderAttempt<string>(null, new DnsProviderException("connection_error", $"{action}: cannot reach {_options.Endpoint}: {ex.Message}", innerException: ex), true);
        }
        catch (BodyTooLargeException ex)
        {
            _metrics.ObserveProviderRequest(_provider, action, "malformed_response", _time.GetElapsedTime(started));
            return new ProviderAttempt<string>(null, new DnsProviderException("malformed_response", $"{action}: {ex.Message}", innerException: ex), false);
        }
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBodyBytes)
        {
            throw new BodyTooLargeException();
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BodyTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static ErrorResponse? ParseError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, AlidnsJsonContext.Default.ErrorResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-acs-retry-after", out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0
            ? TimeSpan.FromMilliseconds(Math.Min(ms, 60_000))
            : null;

    /// <summary>Keeps the AccessKeyId out of messages (the server echoes its StringToSign on SignatureDoesNotMatch).</summary>
    private string Redact(string message) =>
        _options.AccessKeyId.Length == 0 ? message : message.Replace(_options.AccessKeyId, AlibabaCloudOptions.Redact(_options.AccessKeyId), StringComparison.Ordinal);

    private sealed class BodyTooLargeException : Exception
    {
        public BodyTooLargeException()
            : base($"the answer is larger than {MaxBodyBytes} bytes")
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Providers + 11, LogLevel.Information, "Alidns provider {Provider}: {Action} attempt {Attempt} failed with {Code}; retrying in {DelayMs:F0} ms", EventName = "AlidnsRetry")]
        public static partial void Retrying(ILogger logger, string provider, string action, int attempt, string code, double delayMs);
    }
}
