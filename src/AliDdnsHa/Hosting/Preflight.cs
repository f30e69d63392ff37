// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Hosting;

/// <summary>Checks each target against its provider's live limits (Alidns TTL minimum and record cap) before running.</summary>
internal static class Preflight
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    /// <summary>Findings of every provider that can check; a provider that cannot be reached gives a warning, one that
    /// rejects the credentials an error. <paramref name="include"/> limits the check to some targets (a reload checks
    /// only what is new or changed); findings still name each target by its place in the file.</summary>
    public static async Task<IReadOnlyList<PreflightFinding>> RunAsync(AliDdnsHaOptions options, CancellationToken cancellationToken, Func<TargetOptions, bool>? include = null)
    {
        await using var provider = ControllerHost.BuildCommandServices(options, consoleWarnings: false);
        var registry = provider.GetRequiredService<DnsProviderRegistry>();
        var findings = new List<PreflightFinding>();
        for (var t = 0; t < options.Targets.Count; t++)
        {
            var target = options.Targets[t];
            if (include?.Invoke(target) == false)
            {
                continue;
            }

            var dns = registry.Get(target.Provider);
            if ((dns is DryRunDnsProvider dryRun ? dryRun.Inner : dns) is not IDnsProviderPreflight preflight)
            {
                continue;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_timeout);
            try
            {
                findings.AddRange(await preflight.PreflightAsync($"Targets[{t}]", target, timeout.Token));
            }
            catch (DnsProviderException ex)
            {
                var message = $"provider '{dns.Name}' check failed: {ex.Message}{(ex.Hint is null ? "" : " " + ex.Hint)}";
                findings.Add(new PreflightFinding(ex.IsConfigurationError, $"Targets[{t}].Provider", message));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                findings.Add(new PreflightFinding(false, $"Targets[{t}].Provider", $"provider '{dns.Name}' did not answer within {s_timeout.TotalSeconds:F0} s; not checked"));
            }
        }

        return findings;
    }
}
