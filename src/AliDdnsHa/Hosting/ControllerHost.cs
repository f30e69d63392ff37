// Licensed under the MIT license.

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Notifications;
using AliDdnsHa.StatusPage;
using AliDdnsHa.Web;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using Prometheus;

namespace AliDdnsHa.Hosting;

/// <summary>Builds the service host: the controller, the status page at <c>/</c>, <c>/metrics</c>, <c>/healthz</c>,
/// <c>/readyz</c>, <c>/api/status</c> and <c>/api/events</c>.</summary>
internal static class ControllerHost
{
    public const string DefaultUrls = "http://0.0.0.0:9464";

    /// <summary>The JSON of <c>/api/status</c> and <c>/api/events</c>: plain "+" and "'" in change descriptions and
    /// Chinese text as is; both are served as application/json, never inlined in HTML.</summary>
    private static readonly JsonSerializerOptions s_apiJson = new(StatusJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonTypeInfo<ControllerStatus> s_statusJson = (JsonTypeInfo<ControllerStatus>)s_apiJson.GetTypeInfo(typeof(ControllerStatus));

    private static readonly JsonTypeInfo<EventsResponse> s_eventsJson = (JsonTypeInfo<EventsResponse>)s_apiJson.GetTypeInfo(typeof(EventsResponse));

    /// <summary>The registration shared by <c>run</c> and <c>plan</c>.</summary>
    public static IServiceCollection AddAliDdnsHa(this IServiceCollection services, AliDdnsHaOptions options)
    {
        return services
            .AddHostsFileDnsProvider()
            .AddAlibabaCloudDnsProvider()
            .AddRfc2136DnsProvider()
            .AddAliDdnsHaCore(options);
    }

    /// <summary>The engine without the web host, for one-shot commands (<c>plan</c>, the preflight of <c>run</c> and
    /// <c>check-config</c>): metrics on a private registry, and warnings on the console when
    /// <paramref name="consoleWarnings"/> is set (the preflight reports its findings itself).</summary>
    public static ServiceProvider BuildCommandServices(AliDdnsHaOptions options, bool consoleWarnings)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Warning);
            if (consoleWarnings)
            {
                b.AddSimpleConsole(o => o.SingleLine = true);
            }
        });
        services.AddSingleton<IMetricFactory>(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
        services.AddAliDdnsHa(options);
        return services.BuildServiceProvider();
    }

    /// <param name="loaded">A valid configuration.</param>
    /// <param name="registry">The metrics registry; the process-wide default when <see langword="null"/>.</param>
    /// <param name="configureServices">Runs before the default registrations, so tests can replace singletons.</param>
    public static WebApplication Build(LoadedConfiguration loaded, CollectorRegistry? registry = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddConfiguration(loaded.Configuration);
        var urls = loaded.Configuration["Urls"] ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? DefaultUrls;
        builder.WebHost.UseUrls(loaded.Web?.Tls is null ? urls : WebTls.Secure(urls));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(10));

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Kestrel warns of each connection over its limit; RefusalLog says it once a minute per client instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.Connections", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Http", LogLevel.Warning);
        builder.Logging.AddConfiguration(loaded.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });

        if (registry is null)
        {
            // The event-counter and meter adapters export names promtool rejects (and many we do not document).
            Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true, SuppressDebugMetrics = true });
            registry = Metrics.DefaultRegistry;
        }

        // Under systemd (Type=notify): READY=1 once started, STOPPING=1 on stop, and journal priorities in the log.
        // Elsewhere it does nothing.
        builder.Services.AddSystemd();

        builder.Services.AddSingleton(sp => new RefusalLog(sp.GetRequiredService<IMetricFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RefusalLog>>()));
        builder.Services.AddSingleton(sp => new ConnectionAdmission(loaded.Options.Web, loaded.Web?.Tls is not null, sp.GetRequiredService<RefusalLog>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new KestrelRefusalListener(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<RefusalLog>(), sp.GetRequiredService<ConnectionAdmission>()));
        WebLimits.Configure(builder.WebHost, loaded.Options.Web, loaded.Web);
        if (loaded.Web is { } web)
        {
            builder.Services.AddSingleton(sp => new WebConfigSource(web, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WebConfigSource>>()));
            builder.Services.AddSingleton<BasicAuthenticator>();
            builder.Services.AddSingleton(sp => new AuthFailureLimiter(loaded.Options.Web.MaxAuthFailures, sp.GetRequiredService<TimeProvider>()));
            WebTls.Configure(builder.WebHost, web);
        }

        configureServices?.Invoke(builder.Services);
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton<IMetricFactory>(Metrics.WithCustomRegistry(registry));
        builder.Services.AddSingleton(sp => new MetricsEndpoint(registry, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddAliDdnsHa(loaded.Options);
        builder.Services.AddSingleton(sp => new ConfigurationReloader(
            loaded,
            sp.GetRequiredService<FailoverController>(),
            sp.GetRequiredService<AliDdnsHa.Dns.DnsProviderRegistry>(),
            sp.GetRequiredService<NotificationDispatcher>(),
            sp.GetRequiredService<EventJournal>(),
            sp.GetRequiredService<IMetricFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ConfigurationReloader>>()));

        // Hosted services start in this order. The SIGHUP handler first: the controller may publish within a second of
        // starting, and a SIGHUP sent after that (by a script, or systemctl reload) must find the handler in place;
        // one that comes before it is lost.
        builder.Services.AddHostedService<ReloadSignalListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FailoverController>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        builder.Services.AddHealthChecks()
            .AddCheck<ControllerLivenessCheck>("loop", tags: ["live"])
            .AddCheck<ControllerReadinessCheck>("ready", tags: ["ready"]);

        var app = builder.Build();

        // Listening before Kestrel starts, so that no refusal of its goes unheard.
        app.Services.GetRequiredService<KestrelRefusalListener>();
        WebProtectionMiddleware.Use(app, loaded.Options.Web.PublicPaths);
        StatusPageEndpoints.Map(app, s_eventsJson);
        app.MapMethods("/-/reload", ["POST", "PUT"], async (ConfigurationReloader reloader, RefusalLog refusals, HttpContext context) =>
        {
            if (!reloader.Running.Options.Web.EnableLifecycle)
            {
                refusals.Refused(ClientAddress.Key(context.Connection.RemoteIpAddress), RefusalReason.BadRequest, $"{context.Request.Method} /-/reload, but Web.EnableLifecycle is off");
                return Results.Text("Lifecycle API is not enabled.\n", statusCode: StatusCodes.Status403Forbidden);
            }

            var outcome = await reloader.ReloadAsync("POST /-/reload", context.RequestAborted);
            return outcome.Success
                ? Results.Text(outcome.Summary + "\n")
                : Results.Text("failed to reload config: " + string.Join("; ", outcome.Problems) + "\n", statusCode: StatusCodes.Status500InternalServerError);
        });
        app.MapGet("/metrics", (HttpContext context, MetricsEndpoint metrics) => metrics.HandleAsync(context));
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live"), ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync });
        app.MapGet("/api/status", (FailoverController controller) => Results.Json(controller.GetStatus(), s_statusJson));
        return app;
    }

    /// <summary>Plain text: the overall status on the first line, then each check's description.</summary>
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString()).Append('\n');
        foreach (var (name, entry) in report.Entries)
        {
            text.Append(name).Append(": ").Append(entry.Status).Append(": ").Append(entry.Description).Append('\n');
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
