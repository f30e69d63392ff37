// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>The whole controller in the test process, as <c>run</c> builds it, on its own metrics registry.</summary>
internal static class TestHost
{
    /// <summary>Loads a configuration that must be valid, builds and starts the host; returns it and its (only) target.</summary>
    public static async Task<(WebApplication App, TargetController Target)> StartAsync(string configPath, Action<IServiceCollection>? configureServices = null)
    {
        var (app, targets) = await StartAllAsync(configPath, configureServices);
        return (app, targets.Single());
    }

    /// <summary>As <see cref="StartAsync"/>, for a configuration with several targets.</summary>
    public static async Task<(WebApplication App, IReadOnlyList<TargetController> Targets)> StartAllAsync(string configPath, Action<IServiceCollection>? configureServices = null)
    {
        var loaded = ConfigurationFile.Load(configPath, forceDryRun: false);
        Assert.Empty(loaded.Errors);
        var app = ControllerHost.Build(loaded, Metrics.NewCustomRegistry(), configureServices);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return (app, app.Services.GetRequiredService<FailoverController>().Targets);
    }
}
