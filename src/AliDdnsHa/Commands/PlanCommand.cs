// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Controller;
using AliDdnsHa.Dns;
using AliDdnsHa.Hosting;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Commands;

/// <summary><c>aliddnsha plan</c>: discover, probe until each endpoint is decided, read the provider, print the plan.</summary>
/// <remarks>Probes each endpoint up to max(SuccessThreshold, FailureThreshold) times, FastInterval apart, so the plan
/// shows what <c>run</c> would do once the endpoints are confirmed. Providers are wrapped in dry-run: nothing is written.</remarks>
internal static class PlanCommand
{
    public static async Task<int> ExecuteAsync(string? path, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var loaded = ConfigurationFile.Load(path, forceDryRun: true);
        if (!loaded.IsValid)
        {
            loaded.WriteErrors(error);
            return ExitCodes.InvalidConfiguration;
        }

        await using var provider = ControllerHost.BuildCommandServices(loaded.Options, consoleWarnings: true);
        var controller = provider.GetRequiredService<FailoverController>();
        var time = provider.GetRequiredService<TimeProvider>();
        var exitCode = ExitCodes.Ok;
        foreach (var target in controller.Targets)
        {
            await target.DiscoverOnceAsync(cancellationToken);
            var rounds = Math.Max(target.Options.Probe.SuccessThreshold, target.Options.Probe.FailureThreshold);
            for (var round = 0; round < rounds; round++)
            {
                if (round > 0)
                {
                    await Task.Delay(target.Options.Probe.FastInterval, time, cancellationToken);
                }

                await target.ProbeAllOnceAsync(cancellationToken);
                if (target.GetStatus().Sources.SelectMany(s => s.Endpoints).All(e => e.State != nameof(EndpointHealth.Unknown)))
                {
                    break;
                }
            }

            foreach (var source in target.GetStatus().Sources)
            {
                var endpoints = source.Endpoints.Count == 0 ? "no address" : string.Join(", ", source.Endpoints.Select(e => $"{e.Address}:{e.Port} {e.State} ({e.LastResult})"));
                output.WriteLine($"{target.Options.Id} {source.Name}: {endpoints}{(source.LastError is null ? "" : $" [lookup failed: {source.LastError}]")}");
            }

            try
            {
                foreach (var (line, plan) in await target.PlanWithFreshReadAsync(cancellationToken))
                {
                    output.WriteLine(plan.Describe(line == DnsLine.Default ? target.Options.Id : $"{target.Options.Id} line {line}"));
                }
            }
            catch (DnsProviderException ex)
            {
                error.WriteLine($"{target.Options.Id}: cannot read the record set from provider {target.Provider.Name}: {ex.Code}: {ex.Message}");
                exitCode = ExitCodes.RuntimeError;
            }
        }

        return exitCode;
    }
}
