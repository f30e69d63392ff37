// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Vantages;

/// <summary>A blackbox_exporter vantage probes an IPv6 endpoint: the target goes out as <c>[address]:port</c>.</summary>
public sealed class BlackboxIpv6Tests : IAsyncDisposable
{
    private readonly LoopbackListener _endpoint = new(IPAddress.IPv6Loopback);
    private BlackboxExporter? _exporter;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ipv6Endpoint_IsProbedByTheExporter()
    {
        _exporter = await BlackboxExporter.StartAsync(null, cancellationToken: Ct);
        var options = new VantageOptions { Name = "vps", Type = VantageType.Blackbox, Url = _exporter.Url };
        using var client = new VantageHttpClient(options, TimeProvider.System);
        var vantage = new BlackboxVantage(options, client, TimeProvider.System);
        var request = new VantageProbeRequest(_endpoint.EndPoint, "home.example.com", "wan1");

        var up = await vantage.ProbeAsync(request, TimeSpan.FromSeconds(2), Ct);
        _endpoint.Close();
        var down = await vantage.ProbeAsync(request, TimeSpan.FromSeconds(2), Ct);

        Assert.Equal($"[::1]:{_endpoint.Port}", request.HostPort);
        Assert.Null(up.Fault);
        Assert.Equal(ProbeOutcome.Success, up.Result.Outcome);
        Assert.Null(down.Fault);
        Assert.Equal(ProbeOutcome.Failed, down.Result.Outcome);
    }

    public async ValueTask DisposeAsync()
    {
        _endpoint.Dispose();
        if (_exporter is not null)
        {
            await _exporter.DisposeAsync();
        }
    }
}
