// Licensed under the MIT license.

using System.Reflection;
using AliDdnsHa.Probing;
using Prometheus;

namespace AliDdnsHa.Diagnostics;

/// <summary>Every metric the controller exports. Names and labels are public API: the dashboard and alerts use them.</summary>
/// <remarks>prometheus-net's native API behind an injected <see cref="IMetricFactory"/>: production uses the default
/// registry, tests a custom one. The Meter adapter is avoided because its series expire after five minutes.</remarks>
public sealed class ControllerMetrics
{
    private static readonly string[] s_endpointLabels = ["target", "source", "address"];
    private static readonly string[] s_vantageEndpointLabels = ["target", "source", "address", "vantage"];
    private static readonly string[] s_lineEndpointLabels = ["target", "line", "source", "address"];
    private static readonly double[] s_failoverBuckets = [0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120, 300, 600];
    private static readonly string[] s_probeResults = [.. Enum.GetValues<ProbeOutcome>().Select(o => new ProbeResult(o, TimeSpan.Zero).Label)];
    private static readonly double[] s_providerBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <param name="factory">Where the metrics are created.</param>
    /// <param name="maxProbeTimeout">The last latency bucket.</param>
    /// <param name="endpointHistograms">Latency histograms per endpoint; when false, per target and vantage (the
    /// <c>source</c> and <c>address</c> labels left empty), which keeps a large configuration within its series budget.</param>
    public ControllerMetrics(IMetricFactory factory, TimeSpan maxProbeTimeout, bool endpointHistograms = true)
    {
        ArgumentNullException.ThrowIfNull(factory);
        EndpointHistograms = endpointHistograms;
        ProbeDuration = factory.CreateHistogram(
            "aliddnsha_probe_duration_seconds",
            "Latency of successful probes, per vantage (TCP connect time; blackbox_exporter's probe_duration_seconds).",
            s_vantageEndpointLabels,
            new HistogramConfiguration { Buckets = ProbeBuckets(maxProbeTimeout) });
        Probes = factory.CreateCounter(
            "aliddnsha_probes_total",
            "Probes answered, per vantage and result (success, refused, timeout, unreachable, error, failed).",
            [.. s_vantageEndpointLabels, "result"]);
        EndpointUp = factory.CreateGauge(
            "aliddnsha_endpoint_up", "1 while the combined verdict of the target's vantages is Up, 0 while Down or Unknown.", s_endpointLabels);
        VantageEndpointUp = factory.CreateGauge(
            "aliddnsha_vantage_endpoint_up", "1 while this vantage sees the endpoint Up (its own rise/fall state), 0 otherwise.", s_vantageEndpointLabels);
        VantageUp = factory.CreateGauge("aliddnsha_vantage_up", "1 while the vantage votes, 0 while it is blind.", ["vantage"]);
        VantageRequests = factory.CreateCounter(
            "aliddnsha_vantage_requests_total",
            "Requests to a vantage (endpoint probes and canaries), by result (ok, unreachable, timeout, tls_error, auth_failed, http_error, bad_response).",
            ["vantage", "result"]);
        CanaryUp = factory.CreateGauge("aliddnsha_vantage_canary_up", "1 while the vantage sees this canary Up.", ["vantage", "canary"]);
        TargetFrozen = factory.CreateGauge(
            "aliddnsha_target_frozen", "1 while no vantage of the target votes: its record set is left exactly as it is.", ["target"]);
        EndpointPublished = factory.CreateGauge(
            "aliddnsha_endpoint_published", "1 while the endpoint's address is in the record set published on the line (line=\"default\" without lines).", s_lineEndpointLabels);
        EndpointTransitions = factory.CreateCounter(
            "aliddnsha_endpoint_transitions_total", "Endpoint state changes, by new state (up, down).", ["target", "source", "to"]);
        SourceAddressChanges = factory.CreateCounter(
            "aliddnsha_source_address_changes_total", "Times a source's discovered address set changed.", ["target", "source"]);
        SourceAddressesRejected = factory.CreateCounter(
            "aliddnsha_source_addresses_rejected_total",
            "Discovered addresses refused before probing, by reason (cgnat, link_local, multicast, reserved, this_network, unspecified, denied); counted once per appearance.",
            ["target", "source", "reason"]);
        HealthyEndpoints = factory.CreateGauge("aliddnsha_healthy_endpoints", "Endpoints currently Up.", ["target"]);
        ConfiguredEndpoints = factory.CreateGauge("aliddnsha_configured_endpoints", "Endpoints currently discovered (any state).", ["target"]);
        PublishedRecords = factory.CreateGauge("aliddnsha_published_records", "Enabled records in the target's record set on the line at the provider.", ["target", "line"]);
        TargetBlocked = factory.CreateGauge(
            "aliddnsha_target_blocked",
            "1 while the provider refuses the change a record set needs for good (reason: its error code, such as DomainRecordConflict, DomainRecordLocked, QuotaExceeded.Record, Forbidden.RAM); it is not sent again until the next resync, a reload, or a change in the set wanted.",
            ["target", "line", "reason"]);
        LockedPinned = factory.CreateGauge(
            "aliddnsha_locked_pinned_addresses",
            "Addresses that should leave the record set on the line but stay because their record is locked at the provider.",
            ["target", "line"]);
        LineInfo = factory.CreateGauge(
            "aliddnsha_line_info", "Always 1 for each managed line: its own sources (comma-separated) and its WhenLineDown policy.", ["target", "line", "sources", "when_line_down"]);
        LineFallback = factory.CreateGauge(
            "aliddnsha_line_fallback", "1 while a managed line serves the default line's set because none of its own sources is healthy (its users take the slower path).", ["target", "line"]);
        AllDown = factory.CreateGauge("aliddnsha_all_down", "1 while every endpoint is Down and the WhenAllDown policy is in force.", ["target"]);
        RecordChanges = factory.CreateCounter(
            "aliddnsha_record_changes_total", "Record changes the provider confirmed, by line and action (add, delete, update).", ["target", "line", "action"]);
        FailoverDuration = factory.CreateHistogram(
            "aliddnsha_failover_duration_seconds",
            "From the first failed probe of an endpoint that went Down to the provider confirming its address was removed from the line.",
            ["target", "line"],
            new HistogramConfiguration { Buckets = s_failoverBuckets });
        ProviderRequests = factory.CreateCounter(
            "aliddnsha_provider_requests_total", "Requests to DNS providers, by operation and result (ok or an error code).", ["provider", "operation", "result"]);
        ProviderRequestDuration = factory.CreateHistogram(
            "aliddnsha_provider_request_duration_seconds",
            "Duration of requests to DNS providers.",
            ["provider", "operation"],
            new HistogramConfiguration { Buckets = s_providerBuckets });
        Reconciles = factory.CreateCounter(
            "aliddnsha_reconciles_total", "Reconcile passes of a line's record set, by result (noop, changed, failed).", ["target", "line", "result"]);
        LastSyncSuccess = factory.CreateGauge(
            "aliddnsha_last_sync_success_timestamp_seconds", "Unix time of the last reconcile of the line's record set that read (and if needed wrote) the provider successfully.", ["target", "line"]);
        BuildInfo = factory.CreateGauge("aliddnsha_build_info", "Always 1; the version label carries the build.", ["version"]);
        BuildInfo.WithLabels(Version).Set(1);
    }

    /// <summary>The informational version of this build.</summary>
    public static string Version { get; } =
        typeof(ControllerMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public Histogram ProbeDuration { get; }
    public Counter Probes { get; }
    public Gauge EndpointUp { get; }
    public Gauge VantageEndpointUp { get; }
    public Gauge VantageUp { get; }
    public Counter VantageRequests { get; }
    public Gauge CanaryUp { get; }
    public Gauge TargetFrozen { get; }
    public Gauge EndpointPublished { get; }
    public Counter EndpointTransitions { get; }
    public Counter SourceAddressChanges { get; }
    public Counter SourceAddressesRejected { get; }
    public Gauge HealthyEndpoints { get; }
    public Gauge ConfiguredEndpoints { get; }
    public Gauge PublishedRecords { get; }
    public Gauge LineFallback { get; }
    public Gauge LineInfo { get; }
    public Gauge TargetBlocked { get; }
    public Gauge LockedPinned { get; }
    public Gauge AllDown { get; }
    public Counter RecordChanges { get; }
    public Histogram FailoverDuration { get; }
    public Counter ProviderRequests { get; }
    public Histogram ProviderRequestDuration { get; }
    public Counter Reconciles { get; }
    public Gauge LastSyncSuccess { get; }
    public Gauge BuildInfo { get; }

    /// <summary>Removes every series of a target that left the configuration (a reload), so dashboards and alerts stop
    /// showing it instead of freezing at its last values.</summary>
    public void RemoveTarget(string target)
    {
        Remove(ProbeDuration, target);
        Remove(Probes, target);
        Remove(EndpointUp, target);
        Remove(VantageEndpointUp, target);
        Remove(TargetFrozen, target);
        Remove(EndpointPublished, target);
        Remove(EndpointTransitions, target);
        Remove(SourceAddressChanges, target);
        Remove(SourceAddressesRejected, target);
        Remove(HealthyEndpoints, target);
        Remove(ConfiguredEndpoints, target);
        Remove(PublishedRecords, target);
        Remove(LineFallback, target);
        Remove(LineInfo, target);
        Remove(TargetBlocked, target);
        Remove(LockedPinned, target);
        Remove(AllDown, target);
        Remove(RecordChanges, target);
        Remove(FailoverDuration, target);
        Remove(Reconciles, target);
        Remove(LastSyncSuccess, target);

        // The target label is always the first one.
        static void Remove<TChild>(Collector<TChild> metric, string target)
            where TChild : ChildBase
        {
            foreach (var labels in metric.GetAllLabelValues().Where(l => l.Length > 0 && l[0] == target).ToList())
            {
                metric.RemoveLabelled(labels);
            }
        }
    }

    /// <summary>Counts one provider request and its duration.</summary>
    public void ObserveProviderRequest(string provider, string operation, string result, TimeSpan duration)
    {
        ProviderRequests.WithLabels(provider, operation, result).Inc();
        ProviderRequestDuration.WithLabels(provider, operation).Observe(duration.TotalSeconds);
    }

    /// <summary>Exports zero-valued series for a target's counters and histograms before their first event.</summary>
    /// <remarks>A series that first appears with the value 1 hides that first event from <c>rate()</c> and
    /// <c>increase()</c>, so the first failover after a restart would never show on the dashboard or in alerts.</remarks>
    public void InitializeTarget(string target, bool disableMode, IEnumerable<string>? lines = null)
    {
        string[] actions = disableMode ? ["add", "delete", "update", "enable", "disable"] : ["add", "delete", "update"];
        foreach (var line in (lines ?? []).Prepend(Dns.DnsLine.Default))
        {
            FailoverDuration.WithLabels(target, line);
            foreach (var action in actions)
            {
                RecordChanges.WithLabels(target, line, action);
            }

            foreach (var result in new[] { "noop", "changed", "failed", "blocked" })
            {
                Reconciles.WithLabels(target, line, result);
            }

            LockedPinned.WithLabels(target, line).Set(0);
            TargetBlocked.WithLabels(target, line, "").Set(0); // the series exists before the first refusal

            if (line != Dns.DnsLine.Default)
            {
                LineFallback.WithLabels(target, line).Set(0);
            }
        }

        AllDown.WithLabels(target).Set(0);
        HealthyEndpoints.WithLabels(target).Set(0);
    }

    /// <summary>Describes a target's managed lines (<c>aliddnsha_line_info</c>): the dashboard's lines table joins on it.</summary>
    public void DescribeLines(string target, IEnumerable<Configuration.LineOptions> lines, Configuration.LineDownPolicy whenLineDown)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var labels in LineInfo.GetAllLabelValues().Where(l => l[0] == target).ToList())
        {
            LineInfo.RemoveLabelled(labels);
        }

        foreach (var line in lines)
        {
            LineInfo.WithLabels(target, line.Code, string.Join(",", line.Sources), whenLineDown.ToString()).Set(1);
        }
    }

    /// <summary>Exports a vantage's series before its first event: up, every request result at zero, its canaries.</summary>
    public void InitializeVantage(string vantage, IEnumerable<string> canaries)
    {
        ArgumentNullException.ThrowIfNull(canaries);
        VantageUp.WithLabels(vantage).Set(1);
        VantageRequests.WithLabels(vantage, "ok");
        foreach (var kind in VantageFault.Kinds)
        {
            VantageRequests.WithLabels(vantage, kind);
        }

        foreach (var canary in canaries)
        {
            CanaryUp.WithLabels(vantage, canary).Set(0);
        }
    }

    /// <summary>True when latency histograms are kept per endpoint.</summary>
    public bool EndpointHistograms { get; }

    /// <summary>The latency histogram an endpoint's probes by one vantage go to: its own, or its target's.</summary>
    public Histogram.Child LatencyOf(string target, string source, string address, string vantage) =>
        EndpointHistograms ? ProbeDuration.WithLabels(target, source, address, vantage) : ProbeDuration.WithLabels(target, "", "", vantage);

    /// <summary>Drops every series of an endpoint whose address left its source.</summary>
    public void RemoveEndpoint(string target, string source, string address, IEnumerable<string> vantages, IEnumerable<string>? lines = null)
    {
        ArgumentNullException.ThrowIfNull(vantages);
        EndpointUp.RemoveLabelled(target, source, address);
        foreach (var line in (lines ?? []).Prepend(Dns.DnsLine.Default))
        {
            EndpointPublished.RemoveLabelled(target, line, source, address);
        }

        foreach (var vantage in vantages)
        {
            if (EndpointHistograms)
            {
                ProbeDuration.RemoveLabelled(target, source, address, vantage);
            }

            VantageEndpointUp.RemoveLabelled(target, source, address, vantage);
            foreach (var result in s_probeResults)
            {
                Probes.RemoveLabelled(target, source, address, vantage, result);
            }
        }
    }

    /// <summary>1 ms up to the largest configured timeout (which is always the last bucket).</summary>
    internal static double[] ProbeBuckets(TimeSpan maxTimeout)
    {
        double[] steps = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
        var max = Math.Max(maxTimeout.TotalSeconds, 0.001);
        return [.. steps.Where(b => b < max), max];
    }
}
