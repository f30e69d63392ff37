// Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace AliDdnsHa.Hosting;

/// <summary>Turns <c>SIGHUP</c> into a configuration reload (<c>systemctl reload</c>, <c>docker kill -s HUP</c>, as for
/// Prometheus), instead of the default action of ending the process.</summary>
internal sealed class ReloadSignalListener(ConfigurationReloader reloader, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
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
}
