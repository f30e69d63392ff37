// Licensed under the MIT license.

using System.Globalization;
using System.Runtime.InteropServices;
using AliDdnsHa.Diagnostics;

namespace AliDdnsHa.Hosting;

/// <summary>Turns <c>SIGHUP</c> into a configuration reload (<c>systemctl reload</c>, <c>docker kill -s HUP</c>, as for
/// Prometheus), instead of the default action of ending the process.</summary>
/// <remarks>A process started with <c>SIGHUP</c> ignored (under <c>nohup</c>, or by a supervisor that ignores it) keeps
/// it ignored: .NET leaves an inherited ignore in place, so the handler never runs. That is logged once at start, with
/// the ways to reload that still work.</remarks>
internal sealed partial class ReloadSignalListener(ConfigurationReloader reloader, IHostApplicationLifetime lifetime, ILogger<ReloadSignalListener> logger) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _ = reloader.ReloadAsync("SIGHUP", lifetime.ApplicationStopping);
            });
        }

        if (OperatingSystem.IsLinux() && HangupIgnored(File.ReadLines("/proc/self/status")))
        {
            Log.HangupIgnored(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _registration?.Dispose();
        _registration = null;
    }

    /// <summary>Whether the <c>SigIgn</c> mask of a <c>/proc/PID/status</c> file has SIGHUP (signal 1, the lowest bit).</summary>
    internal static bool HangupIgnored(IEnumerable<string> status)
    {
        var line = status.FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            && (mask & 1) != 0;
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Web + 24, LogLevel.Warning, "SIGHUP is ignored by this process (started under nohup, or by a supervisor that ignores it), so it cannot reload the configuration; reload with POST /-/reload (Web.EnableLifecycle) or restart, and start without nohup to use SIGHUP", EventName = "HangupIgnored")]
        public static partial void HangupIgnored(ILogger logger);
    }
}
