// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace AliDdnsHa.Core.Tests.Diagnostics;

public sealed class HealthChecksTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeDnsProvider _provider = new("dns");
    private readonly FakeTcpConnector _connector = new();
    private readonly ServiceProvider _services;
    private readonly FailoverController _controller;

    public HealthChecksTests()
    {
        var options = new AliDdnsHaOptions
        {
            Providers = [new ProviderOptions { Name = "dns", Type = "Fake", Section = new ConfigurationBuilder().Build().GetSection("x") }],
            Targets = [new TargetOptions { Name = "home.example.com", Provider = "dns", Port = 443, Sources = [new SourceOptions { Name = "wan1", Addresses = [IPAddress.Parse("192.0.2.1")] }] }],
        };
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton<IMetricFactory>(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()))
            .AddSingleton<AliDdnsHa.Probing.ITcpConnector>(_connector)
            .AddSingleton<IDnsProviderFactory>(new FakeDnsProviderFactory(_provider))
            .AddAliDdnsHaCore(options);
        _services = services.BuildServiceProvider();
        _controller = _services.GetRequiredService<FailoverController>();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TargetController Target => _controller.Targets[0];

    [Fact]
    public async Task Readiness_BeforeFirstProbeRound_IsUnhealthy()
    {
        await Target.DiscoverOnceAsync(Ct);

        var result = await Readiness();

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("home.example.com", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_AfterRoundAndRead_IsHealthy_DegradedWhileProviderFails()
    {
        await Target.DiscoverOnceAsync(Ct);
        await Target.ProbeAllOnceAsync(Ct);
        await Target.ReconcileOnceAsync(Ct);
        Assert.Equal(HealthStatus.Healthy, (await Readiness()).Status);

        _provider.ReadFailure = new DnsProviderException("ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
        _time.Advance(OptionDefaults.ResyncInterval);
        await Target.ReconcileOnceAsync(Ct);

        var degraded = await Readiness();
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("home.example.com (dns)", degraded.Description, StringComparison.Ordinal);

        _provider.ReadFailure = null;
        await Target.ReconcileOnceAsync(Ct);
        Assert.Equal(HealthStatus.Healthy, (await Readiness()).Status);
    }

    [Fact]
    public async Task Liveness_LoopTicking_IsHealthy_StalledIsUnhealthy()
    {
        var check = _services.GetRequiredService<ControllerLivenessCheck>();
        await Target.DiscoverOnceAsync(Ct);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), Ct)).Status);

        _time.Advance(TimeSpan.FromSeconds(179));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), Ct)).Status);

        _time.Advance(TimeSpan.FromSeconds(2));
        var stalled = await check.CheckHealthAsync(new HealthCheckContext(), Ct);
        Assert.Equal(HealthStatus.Unhealthy, stalled.Status);
        Assert.Contains("no loop iteration for 181 s", stalled.Description, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private Task<HealthCheckResult> Readiness() =>
        _services.GetRequiredService<ControllerReadinessCheck>().CheckHealthAsync(new HealthCheckContext(), Ct);
}
