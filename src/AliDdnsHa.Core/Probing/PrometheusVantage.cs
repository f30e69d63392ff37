// Licensed under the MIT license.

using System.Globalization;
using System.Text.Json;
using AliDdnsHa.Configuration;

namespace AliDdnsHa.Probing;

/// <summary>Reads probe results a Prometheus server already holds: one instant query per endpoint.</summary>
/// <remarks>
/// The configured query (placeholders <c>{address}</c>, <c>{port}</c>, <c>{hostport}</c> — <c>address:port</c> with
/// brackets around an IPv6 address, as blackbox_exporter's <c>instance</c> label holds it — <c>{source}</c>,
/// <c>{target}</c>) is wrapped as
/// <c>(Q) and ((time() - timestamp(Q)) &lt;= MaxAge)</c>, so Prometheus itself drops samples older than <c>MaxAge</c>
/// (binary operators match on the labels without the metric name, which <c>timestamp()</c> drops). An empty answer,
/// or any value other than 1, is a failed probe; an error answer is a fault of the vantage. Prometheus has no latency
/// for us, so none is reported.
/// </remarks>
public sealed class PrometheusVantage(VantageOptions options, VantageHttpClient http, TimeProvider timeProvider) : IVantage
{
    private static readonly TimeSpan s_roundTrip = TimeSpan.FromSeconds(1);

    public string Name { get; } = options.Name;

    public bool ReportsLatency => false;

    /// <summary>The PromQL sent for one request. Internal for testing.</summary>
    internal string QueryFor(VantageProbeRequest request)
    {
        var query = request.Query ?? (options.Query!
            .Replace("{hostport}", request.HostPort, StringComparison.Ordinal)
            .Replace("{address}", request.EndPoint?.Address.ToString() ?? "", StringComparison.Ordinal)
            .Replace("{port}", request.EndPoint?.Port.ToString(CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal)
            .Replace("{source}", request.Source, StringComparison.Ordinal)
            .Replace("{target}", request.Target, StringComparison.Ordinal));
        var maxAge = options.MaxAge.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return $"({query}) and ((time() - timestamp({query})) <= {maxAge})";
    }

    public async ValueTask<VantageProbeResult> ProbeAsync(VantageProbeRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = timeProvider.GetTimestamp();
        // Prometheus durations take whole units ("900ms"), not fractions ("0.9s").
        var timeoutText = ((long)Math.Max(1, timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        var (body, fault) = await http.GetAsync(
            $"/api/v1/query?query={Uri.EscapeDataString(QueryFor(request))}&timeout={timeoutText}ms", timeout + s_roundTrip, null, cancellationToken);
        var took = timeProvider.GetElapsedTime(started);
        if (fault is not null)
        {
            // Prometheus explains a bad query in its JSON error field; show that rather than the raw body.
            return VantageProbeResult.Failed(body is not null && ErrorOf(body) is { } error ? fault with { Message = $"{http.BaseUrl} refused the query: {error}" } : fault, took);
        }

        try
        {
            using var document = JsonDocument.Parse(body!);
            var root = document.RootElement;
            if (!root.TryGetProperty("status", out var status) || status.GetString() != "success"
                || !root.TryGetProperty("data", out var data) || !data.TryGetProperty("result", out var result))
            {
                return VantageProbeResult.Failed(new VantageFault(VantageFault.BadResponse, $"{http.BaseUrl} did not answer like the Prometheus query API"), took);
            }

            var values = new List<double>();
            if (data.GetProperty("resultType").GetString() == "scalar")
            {
                values.Add(ParseValue(result));
            }
            else
            {
                foreach (var series in result.EnumerateArray())
                {
                    values.Add(ParseValue(series.GetProperty("value")));
                }
            }

            if (values.Count == 0)
            {
                return new VantageProbeResult(new ProbeResult(ProbeOutcome.Failed, took, $"{Name}: no sample newer than {DurationParser.Format(options.MaxAge)}"));
            }

            return new VantageProbeResult(values.TrueForAll(v => v == 1)
                ? new ProbeResult(ProbeOutcome.Success, took)
                : new ProbeResult(ProbeOutcome.Failed, took, $"{Name}: query returned {string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}"));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return VantageProbeResult.Failed(new VantageFault(VantageFault.BadResponse, $"{http.BaseUrl} did not answer like the Prometheus query API"), took);
        }
    }

    private static double ParseValue(JsonElement pair) =>
        double.Parse(pair[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string? ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) ? VantageHttpClient.Shorten(error.GetString() ?? "") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
