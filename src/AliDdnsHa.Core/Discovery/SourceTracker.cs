// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Planning;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Discovery;

/// <summary>The sources of one target: looks each up and keeps its last known addresses (a failed lookup keeps them).</summary>
internal sealed partial class SourceTracker
{
    private readonly TargetOptions _options;
    private readonly IDnsProvider _provider;
    private readonly SourceDiscovery _discovery;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<SourceState> _sources;
    private readonly AddressGuard _guard;

    public SourceTracker(TargetOptions options, IDnsProvider provider, SourceDiscovery discovery, ControllerMetrics metrics, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _provider = provider;
        _discovery = discovery;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
        _sources = [.. options.Sources.Select(s => new SourceState(s, s.Port ?? options.Port ?? 0))];
        _guard = new AddressGuard(options.AllowAddresses, options.DenyAddresses);
        // aliddnsha_source_addresses_rejected_total appears with the first refused address of a source: created up front
        // for every reason it would be seven idle series per source, the largest share of a big configuration's series.
    }

    /// <summary>True once every source has been looked up (successfully or not).</summary>
    public bool AllLookedUp
    {
        get
        {
            lock (_gate)
            {
                return _sources.TrueForAll(s => s.LastDiscoveryAt is not null);
            }
        }
    }

    /// <summary>Looks up every source once, concurrently; returns the endpoints that appeared and went away.</summary>
    public async Task<SourceChanges> DiscoverOnceAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_sources.Select(async s => (Source: s, Result: await DiscoverSourceAsync(s, cancellationToken))));
        List<EndpointKey> added = [], removed = [];
        foreach (var (source, result) in results)
        {
            Apply(source, result, added, removed);
        }

        return new SourceChanges(added, removed);
    }

    /// <summary>A copy of every source's state, for status.</summary>
    public IReadOnlyList<SourceState> Snapshot()
    {
        lock (_gate)
        {
            return [.. _sources.Select(s => new SourceState(s.Options, s.Port)
            {
                Addresses = s.Addresses,
                LastError = s.LastError,
                LastDiscoveryAt = s.LastDiscoveryAt,
                LastChangeAt = s.LastChangeAt,
                Rejected = s.Rejected,
            })];
        }
    }

    private async Task<DiscoveryResult> DiscoverSourceAsync(SourceState source, CancellationToken cancellationToken)
    {
        var zone = source.Options.Record is { } record && _options.Zone is { } z && DnsName.IsInZone(record, z) ? z : null;
        try
        {
            return await _discovery.DiscoverAsync(source.Options, _options.RecordType, _provider, zone, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return DiscoveryResult.Failed(ex.Message);
        }
    }

    private void Apply(SourceState source, DiscoveryResult result, List<EndpointKey> added, List<EndpointKey> removed)
    {
        var now = _time.GetUtcNow();
        var name = source.Options.Name;
        lock (_gate)
        {
            source.LastDiscoveryAt = now;
            if (!result.IsSuccess)
            {
                if (source.LastError != result.Error)
                {
                    Log.DiscoveryFailed(_logger, _options.Id, name, result.Error!, source.Addresses.Count);
                }

                source.LastError = result.Error;
                return;
            }

            source.LastError = null;
            var discovered = result.Addresses.Where(a => _options.RecordType.Holds(a)).Distinct().ToList();
            Guard(source, discovered);
            var next = discovered.Where(a => !source.Rejected.ContainsKey(a)).Order(AddressComparer.Instance).ToList();
            if (next.SequenceEqual(source.Addresses))
            {
                return;
            }

            var previous = source.Addresses;
            var firstDiscovery = source.LastChangeAt is null && previous.Count == 0;
            source.Addresses = next;
            source.LastChangeAt = now;
            if (!firstDiscovery)
            {
                _metrics.SourceAddressChanges.WithLabels(_options.Id, name).Inc();
                Log.SourceMoved(_logger, _options.Id, name, string.Join(", ", previous), string.Join(", ", next));
            }

            removed.AddRange(previous.Except(next).Select(a => new EndpointKey(name, a, source.Port)));
            added.AddRange(next.Except(previous).Select(a => new EndpointKey(name, a, source.Port)));
        }
    }

    /// <summary>Sets the source's refused addresses; logs and counts each newly refused one once. Call under the lock.</summary>
    private void Guard(SourceState source, IReadOnlyList<System.Net.IPAddress> discovered)
    {
        var rejected = new Dictionary<System.Net.IPAddress, string>();
        foreach (var address in discovered)
        {
            if (_guard.Refuse(address) is { } reason)
            {
                rejected[address] = reason;
                if (!source.Rejected.ContainsKey(address))
                {
                    _metrics.SourceAddressesRejected.WithLabels(_options.Id, source.Options.Name, reason).Inc();
                    Log.AddressRejected(_logger, _options.Id, source.Options.Name, address.ToString(), reason);
                }
            }
        }

        source.Rejected = rejected;
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Discovery + 3, LogLevel.Warning, "{Target}: source {Source} gave {Address}, which is never published ({Reason}); it is not probed. A line behind carrier-grade NAT (cgnat) cannot be reached from outside; adjust AllowAddresses / DenyAddresses if this is wrong", EventName = "AddressRejected")]
        public static partial void AddressRejected(ILogger logger, string target, string source, string address, string reason);

        [LoggerMessage(LogEvents.Discovery + 1, LogLevel.Warning, "{Target}: lookup of source {Source} failed: {Error}; keeping its {Count} last known address(es)", EventName = "DiscoveryFailed")]
        public static partial void DiscoveryFailed(ILogger logger, string target, string source, string error, int count);

        [LoggerMessage(LogEvents.Discovery + 2, LogLevel.Warning, "{Target}: source {Source} moved from [{Previous}] to [{Current}]; old address withdrawn, new one on probation", EventName = "SourceMoved")]
        public static partial void SourceMoved(ILogger logger, string target, string source, string previous, string current);
    }
}
