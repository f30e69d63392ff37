// Licensed under the MIT license.

using System.Net.Http.Headers;
using System.Text;
using AliDdnsHa.Diagnostics;

namespace AliDdnsHa.Web;

/// <summary>Applies the web configuration to each request: the configured response headers, then basic auth for
/// every path except <c>Web.PublicPaths</c>.</summary>
internal sealed partial class WebProtectionMiddleware
{
    /// <summary>Adds the middleware when a web configuration file is in force.</summary>
    public static void Use(WebApplication app, IEnumerable<string> publicPaths)
    {
        if (app.Services.GetService<WebConfigSource>() is not { } source)
        {
            return;
        }

        var middleware = new WebProtectionMiddleware(
            source, app.Services.GetRequiredService<BasicAuthenticator>(), publicPaths, app.Services.GetRequiredService<ILogger<WebProtectionMiddleware>>());
        app.Use(next => context => middleware.InvokeAsync(context, next));
    }

    private readonly WebConfigSource _config;
    private readonly BasicAuthenticator _authenticator;
    private readonly HashSet<string> _publicPaths;
    private readonly ILogger _logger;

    public WebProtectionMiddleware(WebConfigSource config, BasicAuthenticator authenticator, IEnumerable<string> publicPaths, ILogger<WebProtectionMiddleware> logger)
    {
        _config = config;
        _authenticator = authenticator;
        _publicPaths = new HashSet<string>(publicPaths, StringComparer.Ordinal);
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var config = _config.Current;
        if (config is null)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync("web config file is invalid; see the log\n", context.RequestAborted);
            return;
        }

        foreach (var (name, value) in config.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (config.Users.Count == 0 || _publicPaths.Contains(context.Request.Path.Value ?? "/"))
        {
            await next(context);
            return;
        }

        if (TryReadCredentials(context.Request, out var user, out var password)
            && await _authenticator.CheckAsync(config.Users, user, password, context.RequestAborted))
        {
            await next(context);
            return;
        }

        // The user name is logged so that a misconfigured scraper can be found; the password never is.
        Log.Unauthorized(_logger, context.Connection.RemoteIpAddress?.ToString() ?? "?", context.Request.Path.Value ?? "/", user.Length == 0 ? "(none)" : user);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic";
        await context.Response.WriteAsync("Unauthorized", context.RequestAborted);
    }

    private static bool TryReadCredentials(HttpRequest request, out string user, out string password)
    {
        user = password = "";
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            (user, password) = (decoded[..colon], decoded[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Web + 10, LogLevel.Warning, "Unauthorized request from {Remote} for {Path} (user {User})", EventName = "WebUnauthorized")]
        public static partial void Unauthorized(ILogger logger, string remote, string path, string user);
    }
}
