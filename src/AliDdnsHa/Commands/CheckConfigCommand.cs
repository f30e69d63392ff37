// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Hosting;

namespace AliDdnsHa.Commands;

/// <summary><c>aliddnsha check-config</c>: exit 0, or 2 with every problem.</summary>
internal static class CheckConfigCommand
{
    public static async Task<int> ExecuteAsync(string? path, bool offline, string? webConfigFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var loaded = ConfigurationFile.Load(path, forceDryRun: false, ConfigurationFile.CommandLineOverrides(webConfigFile));
        if (!loaded.IsValid)
        {
            loaded.WriteErrors(error);
            return ExitCodes.InvalidConfiguration;
        }

        if (!offline)
        {
            var findings = await Preflight.RunAsync(loaded.Options, cancellationToken);
            foreach (var warning in findings.Where(f => !f.IsError))
            {
                output.WriteLine(warning);
            }

            var errors = findings.Where(f => f.IsError).ToList();
            if (errors.Count > 0)
            {
                error.WriteLine($"Configuration {loaded.Source} has {errors.Count} problem(s) at the provider:");
                foreach (var finding in errors)
                {
                    error.WriteLine($"  {finding}");
                }

                return ExitCodes.InvalidConfiguration;
            }
        }

        var options = loaded.Options;
        output.WriteLine($"Configuration {loaded.Source} is valid: {options.Targets.Count} target(s), {options.Targets.Sum(t => t.Sources.Count)} source(s), {options.Providers.Count} provider(s){(options.DryRun ? ", dry run" : "")}.");
        if (loaded.Web is { } web)
        {
            output.WriteLine($"  web: {(web.Tls is null ? "plain HTTP" : "TLS")}, {(web.Users.Count == 0 ? "no basic auth" : $"basic auth for {web.Users.Count} user(s), public paths {string.Join(" ", options.Web.PublicPaths)}")}");
        }

        foreach (var sink in options.Notifications)
        {
            // The URL often carries the robot's token: scheme and host only.
            output.WriteLine($"  notify {sink.Name}: {sink.Type} {sink.SafeUrl}{(sink.Secret is null ? "" : ", signed")}, {(sink.Chinese ? "zh-CN" : "en")}, events {string.Join(" ", sink.Events)}");
        }

        foreach (var vantage in options.Vantages)
        {
            var where = vantage.Type switch
            {
                VantageType.Blackbox => $" {vantage.Url} module {vantage.Module}",
                VantageType.Prometheus => $" {vantage.Url} max age {DurationParser.Format(vantage.MaxAge)}",
                _ => vantage.SourceAddress is { } source ? $" from {source}" : "",
            };
            output.WriteLine($"  vantage {vantage.Name}: {vantage.Type}{where}, {vantage.Canaries.Count} canary(ies){(vantage.Username is null ? "" : $", user {vantage.Username}")}");
        }

        foreach (var target in options.Targets)
        {
            var probe = target.Probe;
            output.WriteLine($"  {target.Id} via {target.Provider}: ttl {target.Ttl}, probe every {DurationParser.Format(probe.Interval)} (fast {DurationParser.Format(probe.FastInterval)}, timeout {DurationParser.Format(probe.Timeout)}, rise {probe.SuccessThreshold}, fall {probe.FailureThreshold}), when all down {target.WhenAllDown}");
            foreach (var source in target.Sources)
            {
                var origin = source.Kind switch
                {
                    SourceKind.Hostname => $"hostname {source.Hostname}",
                    SourceKind.Record => $"record {source.Record} {target.RecordType}{(source.Line is { } line ? $" on line {line}" : "")}",
                    SourceKind.Interface => $"interface {source.Interface}",
                    SourceKind.Url => $"url {Discovery.UrlAddressFetcher.Redact(source.Url!)}{(source.SourceAddress is null ? "" : $" from {source.SourceAddress}")}",
                    _ => $"address {string.Join(", ", source.Addresses)}",
                } + (source.Ipv6Suffix is null ? "" : $", interface id {Discovery.Ipv6Prefix.FormatInterfaceId(source.Ipv6Suffix)}");
                output.WriteLine($"    {source.Name}: {origin}, port {source.Port ?? target.Port}");
            }

            if (options.Vantages.Count > 0)
            {
                var vantages = options.VantagesOf(target);
                output.WriteLine($"    judged by {string.Join(", ", vantages)}; Up needs {(target.Quorum is { } quorum ? $"{quorum}" : "a majority")} of the voting vantage(s)");
            }

            foreach (var line in target.Lines)
            {
                var judged = line.HasOwnVantages ? $", judged by {string.Join(", ", line.Vantages)} (Up needs {(line.Quorum is { } q ? $"{q}" : "a majority")})" : "";
                output.WriteLine($"    line {line.Code}: {string.Join(", ", line.Sources)}{judged}; when none is healthy: {(target.WhenLineDown == LineDownPolicy.Default ? "the default line's set" : "withdrawn")}");
            }
        }

        return ExitCodes.Ok;
    }
}
