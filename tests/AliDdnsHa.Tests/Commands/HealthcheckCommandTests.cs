// Licensed under the MIT license.

using AliDdnsHa.Commands;
using AliDdnsHa.Testing;
using AliDdnsHa.Tests.Hosting;

namespace AliDdnsHa.Tests.Commands;

public sealed class HealthcheckCommandTests
{
    [Theory]
    [InlineData("http://0.0.0.0:9464", "http://127.0.0.1:9464/healthz")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/healthz")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/healthz")]
    [InlineData("http://[::]:9464", "http://[::1]:9464/healthz")]
    [InlineData("http://192.0.2.10:9464", "http://192.0.2.10:9464/healthz")]
    [InlineData("http://127.0.0.1:9464/", "http://127.0.0.1:9464/healthz")]
    public void HealthzOf_MakesWildcardHostsLoopback(string listener, string expected) =>
        Assert.Equal(new Uri(expected), HealthcheckCommand.HealthzOf(listener));

    [Fact]
    public void ListenerOf_TakesTheConfiguredUrls()
    {
        using var config = new TempConfig("""
            Urls: "http://0.0.0.0:9555;http://[::]:9555"
            Providers: { local: { Type: HostsFile, Path: "{hosts}" } }
            Targets: []
            """);

        Assert.Equal("http://0.0.0.0:9555", HealthcheckCommand.ListenerOf(config.Path));
    }

    [Fact]
    public async Task Healthcheck_RunningController_ExitsZero_StoppedOne_ExitsOne()
    {
        using var listener = new LoopbackListener(System.Net.IPAddress.Loopback);
        using var config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers: { local: { Type: HostsFile, Path: "{hosts}" } }
            Targets:
              - { Name: home.example.test, Provider: local, Port: {{listener.Port}}, Sources: [ { Name: self, Address: 127.0.0.1 } ] }
            """);
        var (app, _) = await TestHost.StartAsync(config.Path);
        var healthz = app.Url("/healthz").ToString();

        var (code, output, _) = await CommandLineTests.InvokeAsync("healthcheck", "--url", healthz);
        Assert.Equal(0, code);
        Assert.Contains("200 Healthy", output, StringComparison.Ordinal);

        await app.StopAndDisposeAsync();
        var (stopped, _, error) = await CommandLineTests.InvokeAsync("healthcheck", "--url", healthz);
        Assert.Equal(1, stopped);
        Assert.Contains(healthz, error, StringComparison.Ordinal);
    }
}
