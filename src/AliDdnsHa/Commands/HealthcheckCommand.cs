// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Hosting;

namespace AliDdnsHa.Commands;

/// <summary><c>aliddnsha healthcheck</c>: asks a running controller's <c>/healthz</c>; exit 0 when it answers 200.</summary>
/// <remarks>For container health checks on images without a shell or curl (the Dockerfile's HEALTHCHECK). The URL is
/// <c>--url</c>, or derived from the listener the controller uses (<c>Urls</c> in the configuration, then
/// <c>ASPNETCORE_URLS</c>, then the default), with a wildcard host replaced by 127.0.0.1.</remarks>
internal static class HealthcheckCommand
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> ExecuteAsync(string? configPath, string? url, string? webConfigFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var target = url is { Length: > 0 } ? new Uri(url) : HealthzOf(ListenerOf(configPath, webConfigFile));
        // Over TLS the controller's certificate is often self-signed; a loopback health check sends no secret and
        // only reads the status, so it does not verify it.
        using var handler = new SocketsHttpHandler();
        if (target.IsLoopback)
        {
#pragma warning disable CA5359 // Loopback only, no credentials sent, and only the status is read (see above).
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        using var http = new HttpClient(handler) { Timeout = s_timeout };
        try
        {
            using var response = await http.GetAsync(target, cancellationToken);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Split('\n')[0];
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"{target}: {(int)response.StatusCode} {body}");
                return ExitCodes.Ok;
            }

            await error.WriteLineAsync($"{target}: {(int)response.StatusCode} {body}");
            return ExitCodes.RuntimeError;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"{target}: {ex.Message}");
            return ExitCodes.RuntimeError;
        }
    }

    /// <summary>The first URL the controller listens on, as configured.</summary>
    internal static string ListenerOf(string? configPath, string? webConfigFile = null)
    {
        var loaded = ConfigurationFile.Load(configPath, forceDryRun: false, ConfigurationFile.CommandLineOverrides(webConfigFile));
        var urls = loaded.Configuration?["Urls"] ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? ControllerHost.DefaultUrls;
        if (loaded.Web?.Tls is not null)
        {
            urls = Web.WebTls.Secure(urls);
        }

        return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? ControllerHost.DefaultUrls;
    }

    /// <summary><c>/healthz</c> on a listener URL, with wildcard hosts (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) made loopback.</summary>
    internal static Uri HealthzOf(string listener)
    {
        var normalized = listener.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
        var builder = new UriBuilder(normalized) { Path = "/healthz" };
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = builder.Host == "0.0.0.0" ? "127.0.0.1" : "[::1]";
        }

        return builder.Uri;
    }
}
