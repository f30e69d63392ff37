// Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;
using AliDdnsHa.Probing;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Probing;

public sealed class TcpProbeTests
{
    [Fact]
    public async Task ProbeAsync_ListeningPort_Succeeds()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var probe = new TcpProbe(new SocketTcpConnector(TimeProvider.System), TimeProvider.System);

        var result = await probe.ProbeAsync(listener.EndPoint, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(ProbeOutcome.Success, result.Outcome);
        Assert.True(result.Duration > TimeSpan.Zero);
        Assert.Equal("success", result.Label);
    }

    [Fact]
    public async Task ProbeAsync_ClosedPort_IsRefused()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var endPoint = listener.EndPoint;
        listener.Close();
        var probe = new TcpProbe(new SocketTcpConnector(TimeProvider.System), TimeProvider.System);

        var result = await probe.ProbeAsync(endPoint, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(ProbeOutcome.Refused, result.Outcome);
        Assert.Equal("refused", result.Label);
        Assert.Equal(nameof(SocketError.ConnectionRefused), result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_RealSocketThatIsNeverAnswered_IsCancelledOnTheTimeProvider_AndReusesItsOperation()
    {
        // A SYN dropped by the firewall: the kernel would retry for minutes; the probe's timer cancels the connect.
        var ct = TestContext.Current.CancellationToken;
        using var listener = new LoopbackListener(IPAddress.Parse("127.0.0.77"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var connector = new SocketTcpConnector(time);
        var probe = new TcpProbe(connector, time);
        await using (await SourceReject.DropAsync(listener.EndPoint, ct))
        {
            for (var round = 0; round < 2; round++)
            {
                var pending = probe.ProbeAsync(listener.EndPoint, TimeSpan.FromSeconds(1), ct);
                Assert.False(pending.IsCompleted);
                time.Advance(TimeSpan.FromSeconds(1));
                var result = await pending.WaitAsync(TimeSpan.FromSeconds(30), ct);

                Assert.Equal(ProbeOutcome.Timeout, result.Outcome);
            }
        }

        // The pooled operation connects normally once the firewall lets the SYN through.
        Assert.Equal(ProbeOutcome.Success, (await new TcpProbe(connector, time).ProbeAsync(listener.EndPoint, TimeSpan.FromSeconds(5), ct)).Outcome);
    }

    [Fact]
    public async Task ProbeAsync_ShutdownDuringARealConnect_EndsTheProbe_AndReturnsToTheCanceller()
    {
        // Shutdown cancels the connect from its own thread; the probe must end without running on inside that call.
        var ct = TestContext.Current.CancellationToken;
        using var listener = new LoopbackListener(IPAddress.Parse("127.0.0.79"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var connector = new SocketTcpConnector(time);
        await using (await SourceReject.DropAsync(listener.EndPoint, ct))
        {
            using var stopping = new CancellationTokenSource();
            var pending = new TcpProbe(connector, time).ProbeAsync(listener.EndPoint, TimeSpan.FromSeconds(5), stopping.Token);
            Assert.False(pending.IsCompleted);

            await Task.Run(stopping.Cancel, ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(30), ct));
        }

        Assert.Equal(ProbeOutcome.Success, (await new TcpProbe(connector, time).ProbeAsync(listener.EndPoint, TimeSpan.FromSeconds(5), ct)).Outcome);
    }

    [Fact]
    public async Task ProbeAsync_TheTimeoutOfAnEndedConnect_DoesNotCutTheNextOneShort()
    {
        // The pooled operation's timer outlives each connect: it must time out the connect it serves, on that
        // connect's own deadline, and nothing else.
        var ct = TestContext.Current.CancellationToken;
        using var answering = new LoopbackListener(IPAddress.Loopback);
        using var dropped = new LoopbackListener(IPAddress.Parse("127.0.0.78"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var probe = new TcpProbe(new SocketTcpConnector(time), time, maxInFlight: 1);
        await using (await SourceReject.DropAsync(dropped.EndPoint, ct))
        {
            Assert.Equal(ProbeOutcome.Success, (await probe.ProbeAsync(answering.EndPoint, TimeSpan.FromSeconds(1), ct)).Outcome);

            var pending = probe.ProbeAsync(dropped.EndPoint, TimeSpan.FromSeconds(3), ct);
            time.Advance(TimeSpan.FromSeconds(2)); // past the first connect's deadline
            Assert.False(pending.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(1));
            var result = await pending.WaitAsync(TimeSpan.FromSeconds(30), ct);

            Assert.Equal(ProbeOutcome.Timeout, result.Outcome);
            Assert.Equal(TimeSpan.FromSeconds(3), result.Duration);
        }
    }

    [Fact]
    public async Task ProbeAsync_BeyondMaxInFlight_Queues_AndItsTimerStartsOnlyWhenAdmitted()
    {
        var time = new FakeTimeProvider();
        var connector = new FakeTcpConnector(time);
        var hanging = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 443);
        var answering = new IPEndPoint(IPAddress.Parse("192.0.2.2"), 443);
        connector.Hanging[hanging] = true;
        using var probe = new TcpProbe(connector, time, maxInFlight: 2);
        var ct = TestContext.Current.CancellationToken;

        var first = probe.ProbeAsync(hanging, TimeSpan.FromSeconds(1), ct);
        var second = probe.ProbeAsync(hanging, TimeSpan.FromSeconds(1), ct);
        var queued = probe.ProbeAsync(answering, TimeSpan.FromSeconds(1), ct);
        Assert.Equal(2, connector.Connects); // the third waits for a slot and has not dialled

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ProbeOutcome.Timeout, (await first).Outcome);
        Assert.Equal(ProbeOutcome.Timeout, (await second).Outcome);
        var admitted = await queued;

        // Its wait in the queue did not count against its own timeout.
        Assert.Equal(ProbeOutcome.Success, admitted.Outcome);
        Assert.Equal(TimeSpan.Zero, admitted.Duration);
        Assert.Equal(3, connector.Connects);
    }

    [Fact]
    public async Task ProbeAsync_NoAnswer_TimesOutOnTheTimeProvider()
    {
        var time = new FakeTimeProvider();
        var connector = new FakeTcpConnector(time);
        var endPoint = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 443);
        connector.Hanging[endPoint] = true;
        var probe = new TcpProbe(connector, time);

        var pending = probe.ProbeAsync(endPoint, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await pending;

        Assert.Equal(ProbeOutcome.Timeout, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Duration);
    }

    [Fact]
    public async Task ProbeAsync_Shutdown_Throws()
    {
        var connector = new FakeTcpConnector();
        var endPoint = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 443);
        connector.Hanging[endPoint] = true;
        using var cts = new CancellationTokenSource();
        var probe = new TcpProbe(connector, new FakeTimeProvider());

        var pending = probe.ProbeAsync(endPoint, TimeSpan.FromSeconds(2), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, ProbeOutcome.Refused)]
    [InlineData(SocketError.ConnectionReset, ProbeOutcome.Refused)]
    [InlineData(SocketError.TimedOut, ProbeOutcome.Timeout)]
    [InlineData(SocketError.NetworkUnreachable, ProbeOutcome.Unreachable)]
    [InlineData(SocketError.HostUnreachable, ProbeOutcome.Unreachable)]
    [InlineData(SocketError.AccessDenied, ProbeOutcome.Error)]
    public async Task ProbeAsync_SocketErrors_AreClassified(SocketError error, ProbeOutcome expected)
    {
        var connector = new FakeTcpConnector();
        var endPoint = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 443);
        connector.Fail(endPoint, error);
        var probe = new TcpProbe(connector, new FakeTimeProvider());

        var result = await probe.ProbeAsync(endPoint, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Outcome);
        Assert.False(result.IsSuccess);
    }
}
