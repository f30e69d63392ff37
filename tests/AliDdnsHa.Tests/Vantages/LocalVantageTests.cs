// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Vantages;

/// <summary>A Local vantage with <c>SourceAddress</c> sends its probes from that address, as a multi-homed host sends
/// each probe out of one line: real sockets, and an iptables rule that only that source address meets.</summary>
public sealed class LocalVantageTests : IAsyncDisposable
{
    private readonly LoopbackListener _endpoint = new(IPAddress.Parse("127.0.9.141"));
    private readonly List<SourceReject> _rejects = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SourceAddress_SendsTheProbeFromThatAddress()
    {
        _rejects.Add(await SourceReject.AddAsync(IPAddress.Parse("127.0.9.142"), _endpoint.EndPoint, Ct));
        using var factory = new VantageFactory(new TcpProbe(new SocketTcpConnector(TimeProvider.System), TimeProvider.System), TimeProvider.System);
        var plain = factory.Create(new VantageOptions { Name = "home", Type = VantageType.Local });
        var wan2 = factory.Create(new VantageOptions { Name = "wan2", Type = VantageType.Local, SourceAddress = IPAddress.Parse("127.0.9.142") });
        var request = new VantageProbeRequest(_endpoint.EndPoint, "home.example.com", "wan1");

        var fromDefault = await plain.ProbeAsync(request, TimeSpan.FromSeconds(1), Ct);
        var fromWan2 = await wan2.ProbeAsync(request, TimeSpan.FromSeconds(1), Ct);

        Assert.Equal(ProbeOutcome.Success, fromDefault.Result.Outcome);
        Assert.Null(fromWan2.Fault);
        Assert.Equal(ProbeOutcome.Refused, fromWan2.Result.Outcome); // the reset only that source address gets
    }

    [Fact]
    public async Task ASourceAddressThisHostDoesNotHave_IsAFaultOfTheVantage_NotAFailedProbe()
    {
        using var factory = new VantageFactory(new TcpProbe(new SocketTcpConnector(TimeProvider.System), TimeProvider.System), TimeProvider.System);
        var vantage = factory.Create(new VantageOptions { Name = "gone", Type = VantageType.Local, SourceAddress = IPAddress.Parse("192.0.2.55") });

        var result = await vantage.ProbeAsync(new VantageProbeRequest(_endpoint.EndPoint, "home.example.com", "wan1"), TimeSpan.FromSeconds(1), Ct);

        Assert.Equal(VantageFault.Unreachable, result.Fault?.Kind);
        Assert.Contains("SourceAddress", result.Fault!.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var reject in _rejects)
        {
            await reject.DisposeAsync();
        }

        _endpoint.Dispose();
    }
}
