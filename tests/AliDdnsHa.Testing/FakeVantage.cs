// Licensed under the MIT license.

using System.Collections.Concurrent;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Testing;

/// <summary>A vantage whose answer per endpoint (or canary query) the test decides: success, failure, or a fault of
/// the vantage itself.</summary>
public sealed class FakeVantage(string name) : IVantage
{
    private readonly ConcurrentDictionary<string, VantageProbeResult> _answers = new();
    private int _requests;

    public string Name { get; } = name;

    public bool ReportsLatency => true;

    /// <summary>Set to fail every request as the vantage's own fault (an unreachable exporter).</summary>
    public VantageFault? Fault { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public void Succeed(string hostPort) => _answers[hostPort] = new VantageProbeResult(new ProbeResult(ProbeOutcome.Success, TimeSpan.FromMilliseconds(3)));

    public void Fail(string hostPort) => _answers[hostPort] = new VantageProbeResult(new ProbeResult(ProbeOutcome.Failed, TimeSpan.FromMilliseconds(3), $"{Name}: probe_success 0"));

    public ValueTask<VantageProbeResult> ProbeAsync(VantageProbeRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _requests);
        if (Fault is { } fault)
        {
            return ValueTask.FromResult(VantageProbeResult.Failed(fault, TimeSpan.FromMilliseconds(1)));
        }

        var key = request.Query ?? request.HostPort;
        return ValueTask.FromResult(_answers.TryGetValue(key, out var answer)
            ? answer
            : new VantageProbeResult(new ProbeResult(ProbeOutcome.Success, TimeSpan.FromMilliseconds(3))));
    }
}
