// Licensed under the MIT license.

using AliDdnsHa.Web;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace AliDdnsHa.Tests.Web;

public sealed class RefusalLogTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FakeLogger<RefusalLog> _logger = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly RefusalLog _log;

    public RefusalLogTests() => _log = new RefusalLog(Metrics.WithCustomRegistry(_registry), _time, _logger);

    private IReadOnlyList<string> Lines => [.. _logger.Collector.GetSnapshot().Select(r => r.Message)];

    [Fact]
    public void ABurstFromOneAddress_IsOneLineNow_AndOneLineWithTheCountAMinuteLater()
    {
        for (var i = 0; i < 43; i++)
        {
            _log.Refused("192.168.1.77", RefusalReason.Auth, "bad password for admin");
        }

        Assert.Equal(["Refused a request from 192.168.1.77: bad password for admin (more from this address within a minute are counted, then logged in one line)"], Lines);

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Single(Lines);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("42 refused requests from 192.168.1.77 in the last minute (bad password for admin)", Lines[^1]);

        // Quiet for a minute: the address is forgotten, and its next refusal is logged at once again.
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, Lines.Count);
        _log.Refused("192.168.1.77", RefusalReason.BadRequest, "bad request: request headers too large");
        Assert.Equal(3, Lines.Count);
        Assert.StartsWith("Refused a request from 192.168.1.77: bad request: request headers too large", Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void MixedReasons_AreCountedEach_AndEveryRefusalIsInTheMetric()
    {
        _log.Refused("10.0.0.5", RefusalReason.Auth, "no credentials");
        for (var i = 0; i < 3; i++)
        {
            _log.Refused("10.0.0.5", RefusalReason.Auth, "bad password for admin");
        }

        _log.Refused("10.0.0.5", RefusalReason.RateLimited, "too many refused credentials, the last for admin");
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("4 refused requests from 10.0.0.5 in the last minute (3 bad password for admin, 1 too many refused credentials, the last for admin)", Lines[^1]);
        var metrics = Exposition();
        Assert.Contains("aliddnsha_http_requests_refused_total{reason=\"auth\"} 4", metrics, StringComparison.Ordinal);
        Assert.Contains("aliddnsha_http_requests_refused_total{reason=\"rate_limited\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aliddnsha_http_requests_refused_total{reason=\"tls\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("aliddnsha_http_requests_refused_total{reason=\"too_many_connections\"} 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyAddresses_BeyondTheTrackedOnes_ShareOneLine()
    {
        for (var i = 0; i < RefusalLog.MaxClients + 500; i++)
        {
            _log.Refused($"10.1.{i / 256}.{i % 256}", RefusalReason.TooManyConnections, "connection refused");
        }

        // One line for each tracked address, one for the first of the rest; the rest are counted in the shared line.
        Assert.Equal(RefusalLog.MaxClients + 1, Lines.Count);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal($"499 refused requests from {RefusalLog.OtherClients} in the last minute (connection refused)", Lines[^1]);
        Assert.Equal(RefusalLog.MaxClients + 2, Lines.Count);
    }

    public void Dispose() => _log.Dispose();

    private string Exposition()
    {
        using var stream = new MemoryStream();
        _registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
