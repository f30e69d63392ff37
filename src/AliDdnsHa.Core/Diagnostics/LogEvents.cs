// Licensed under the MIT license.

namespace AliDdnsHa.Diagnostics;

/// <summary>Event id ranges per area; event names are stable API.</summary>
/// <remarks>1xx configuration, 2xx discovery, 3xx probing, 4xx reconcile, 5xx providers, 6xx hosting, 7xx vantages, 8xx the HTTP port (auth, TLS, reload), 9xx notifications.</remarks>
public static class LogEvents
{
    public const int Configuration = 100;
    public const int Discovery = 200;
    public const int Probing = 300;
    public const int Reconcile = 400;
    public const int Providers = 500;
    public const int Hosting = 600;
    public const int Vantages = 700;
    public const int Web = 800;
    public const int Notifications = 900;
}
