// Licensed under the MIT license.

using System.Globalization;
using AliDdnsHa.Configuration;

namespace AliDdnsHa.Probing;

/// <summary>Asks a remote blackbox_exporter to probe: <c>GET {Url}/probe?module={Module}&amp;target={address}:{port}</c>.</summary>
/// <remarks>
/// The exporter takes its probe timeout from <c>X-Prometheus-Scrape-Timeout-Seconds</c> minus its
/// <c>--timeout-offset</c> (0.5 s by default), capped by the module's own timeout; the header therefore carries the
/// target's probe timeout plus that offset, and the HTTP request gets one second more for the round trip.
/// <c>probe_success</c> is the result and <c>probe_duration_seconds</c> the latency; any other answer (not 200,
/// no <c>probe_success</c>) is a fault of the vantage, not a failed probe.
/// </remarks>
public sealed class BlackboxVantage(VantageOptions options, VantageHttpClient http, TimeProvider timeProvider) : IVantage
{
    /// <summary>The exporter's default <c>--timeout-offset</c>.</summary>
    internal static readonly TimeSpan TimeoutOffset = TimeSpan.FromSeconds(0.5);

    private static readonly TimeSpan s_roundTrip = TimeSpan.FromSeconds(1);

    public string Name { get; } = options.Name;

    public bool ReportsLatency => true;

    public async ValueTask<VantageProbeResult> ProbeAsync(VantageProbeRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = $"/probe?module={Uri.EscapeDataString(options.Module)}&target={Uri.EscapeDataString(request.HostPort)}";
        var header = (timeout + TimeoutOffset).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var started = timeProvider.GetTimestamp();
        var (body, fault) = await http.GetAsync(
            query, timeout + TimeoutOffset + s_roundTrip, r => r.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", header), cancellationToken);
        var took = timeProvider.GetElapsedTime(started);
        if (fault is not null)
        {
            return VantageProbeResult.Failed(fault, took);
        }

        var samples = ParseSamples(body!);
        if (!samples.TryGetValue("probe_success", out var success))
        {
            return VantageProbeResult.Failed(
                new VantageFault(VantageFault.BadResponse, $"{http.BaseUrl} answered without probe_success: not a blackbox_exporter /probe answer ({VantageHttpClient.Shorten(body!)})"), took);
        }

        var duration = samples.TryGetValue("probe_duration_seconds", out var seconds) && double.IsFinite(seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : took;
        return new VantageProbeResult(success == 1
            ? new ProbeResult(ProbeOutcome.Success, duration)
            : new ProbeResult(ProbeOutcome.Failed, duration, $"{Name}: probe_success 0 ({options.Module})"));
    }

    /// <summary>The unlabelled samples of a Prometheus text exposition (what /probe returns).</summary>
    internal static Dictionary<string, double> ParseSamples(string body)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in body.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            var space = line.IndexOf(' ');
            if (space <= 0 || line[..space].Contains('{'))
            {
                continue;
            }

            var value = line[(space + 1)..].Trim();
            var end = value.IndexOf(' ');
            if (end > 0)
            {
                value = value[..end]; // a timestamp follows
            }

            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                samples[line[..space].ToString()] = number;
            }
        }

        return samples;
    }
}
