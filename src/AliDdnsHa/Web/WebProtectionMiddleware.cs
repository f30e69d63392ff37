// Licensed under the MIT license.

using System.Net.Http.Headers;
using System.Text;

namespace AliDdnsHa.Web;

/// <summary>Applies the web configuration to each request: the configured response headers, then basic auth for
/// every path except <c>Web.PublicPaths</c>, with a budget of refused credentials per client address.</summary>
/// <remarks>A client whose budget is spent (see <see cref="AuthFailureLimiter"/>) gets 429 with <c>Retry-After</c>,
/// held back for one second so a guessing loop runs at the pace of its connections (at most
/// <c>Web.MaxConnectionsPerClient</c> answers a second) and costs the controller nothing but the wait.</remarks>
internal sealed class WebProtectionMiddleware
{
    private static readonly TimeSpan s_holdBack = TimeSpan.FromSeconds(1);

    /// <summary>Adds the middleware when a web configuration file is in force.</summary>
    public static void Use(WebApplication app, IEnumerable<string> publicPaths)
    {
        if (app.Services.GetService<WebConfigSource>() is not { } source)
        {
            return;
        }

        var middleware = new WebProtectionMiddleware(
            source,
            app.Services.GetRequiredService<BasicAuthenticator>(),
            app.Services.GetRequiredService<AuthFailureLimiter>(),
            app.Services.GetRequiredService<RefusalLog>(),
            publicPaths,
            app.Services.GetRequiredService<TimeProvider>());
        app.Use(next => context => middleware.InvokeAsync(context, next));
    }

    private readonly WebConfigSource _config;
    private readonly BasicAuthenticator _authenticator;
    private readonly AuthFailureLimiter _limiter;
    private readonly RefusalLog _refusals;
    private readonly HashSet<string> _publicPaths;
    private readonly TimeProvider _time;

    public WebProtectionMiddleware(WebConfigSource config, BasicAuthenticator authenticator, AuthFailureLimiter limiter, RefusalLog refusals, IEnumerable<string> publicPaths, TimeProvider timeProvider)
    {
        _config = config;
        _authenticator = authenticator;
        _limiter = limiter;
        _refusals = refusals;
        _publicPaths = new HashSet<string>(publicPaths, StringComparer.Ordinal);
        _time = timeProvider;
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

        var client = ClientAddress.Key(context.Connection.RemoteIpAddress);
        if (!TryReadCredentials(context.Request, out var user, out var password))
        {
            // A browser's first request carries none, and is no guess: it costs nothing from the budget.
            _refusals.Refused(client, RefusalReason.Auth, context.Request.Headers.Authorization.Count == 0 ? "no credentials" : "unreadable credentials");
            await UnauthorizedAsync(context);
            return;
        }

        var cached = _authenticator.Cached(config.Users, user, password);
        if (cached == true)
        {
            await next(context);
            return;
        }

        if (!_limiter.TryTake(client, out var retryAfter))
        {
            _refusals.Refused(client, RefusalReason.RateLimited, $"too many refused credentials, the last for {Describe(config.Users, user)}");
            await TooManyAsync(context, retryAfter);
            return;
        }

        if (cached == false || !await _authenticator.CheckAsync(config.Users, user, password, context.RequestAborted))
        {
            // The user name is logged so that a misconfigured scraper can be found; the password never is.
            _refusals.Refused(client, RefusalReason.Auth, config.Users.ContainsKey(user) ? $"bad password for {Describe(config.Users, user)}" : $"unknown user {Describe(config.Users, user)}");
            await UnauthorizedAsync(context);
            return;
        }

        await next(context);
    }

    private static Task UnauthorizedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic";
        return context.Response.WriteAsync("Unauthorized", context.RequestAborted);
    }

    private async Task TooManyAsync(HttpContext context, TimeSpan retryAfter)
    {
        try
        {
            await Task.Delay(s_holdBack, _time, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return; // the client went away
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.WriteAsync("Too Many Requests", context.RequestAborted);
    }

    /// <summary>The user name as it may appear in the log: printable, at most 64 characters ("(empty)" for none).</summary>
    private static string Describe(IReadOnlyDictionary<string, string> users, string user)
    {
        if (user.Length == 0)
        {
            return "(empty)";
        }

        var printable = new string([.. user.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
        return users.ContainsKey(user) || printable.Length == user.Length ? printable : printable + "…";
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
}
