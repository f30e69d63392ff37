// Licensed under the MIT license.

using System.CommandLine;
using AliDdnsHa.Configuration;

namespace AliDdnsHa.Commands;

/// <summary>The <c>aliddnsha</c> command line: <c>run</c> (default), <c>check-config</c>, <c>plan</c>, <c>healthcheck</c>, <c>--version</c>.</summary>
internal static class CommandLine
{
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = $"Configuration file, YAML or JSON by extension (default: {OptionDefaults.ConfigPath}; the embedded quickstart when that does not exist)",
            Recursive = true,
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Read and plan, never write to the provider; log each change that would be made",
            Recursive = true,
        };

        var webConfig = new Option<string?>("--web.config.file")
        {
            Description = "exporter-toolkit web configuration (TLS, basic auth) for the HTTP port; overrides Web.ConfigFile",
            Recursive = true,
        };

        var root = new RootCommand("AliDdnsHa: publish only the healthy addresses of several internet lines in one DNS A record set")
        {
            Options = { config, dryRun, webConfig },
        };

        var run = new Command("run", "Run the controller (the default command)");
        run.SetAction((result, ct) => RunCommand.ExecuteAsync(result.GetValue(config), result.GetValue(dryRun), result.GetValue(webConfig), output, error, ct));
        root.SetAction((result, ct) => RunCommand.ExecuteAsync(result.GetValue(config), result.GetValue(dryRun), result.GetValue(webConfig), output, error, ct));

        var offline = new Option<bool>("--offline") { Description = "Do not ask the providers (TTL minimum, record cap, credentials)" };
        var check = new Command("check-config", "Validate the configuration (and, unless --offline, check it against the providers): exit 0, or 2 with every problem listed")
        {
            Options = { offline },
        };
        check.SetAction((result, ct) => CheckConfigCommand.ExecuteAsync(result.GetValue(config), result.GetValue(offline), result.GetValue(webConfig), output, error, ct));

        var plan = new Command("plan", "One discovery and probe round, then print the plan; writes nothing");
        plan.SetAction((result, ct) => PlanCommand.ExecuteAsync(result.GetValue(config), output, error, ct));

        var url = new Option<string?>("--url") { Description = "The /healthz URL to ask (default: derived from the configured listener, wildcard hosts as 127.0.0.1)" };
        var healthcheck = new Command("healthcheck", "Ask a running controller's /healthz: exit 0 when healthy, 1 otherwise (for container health checks)")
        {
            Options = { url },
        };
        healthcheck.SetAction((result, ct) => HealthcheckCommand.ExecuteAsync(result.GetValue(config), result.GetValue(url), result.GetValue(webConfig), output, error, ct));

        root.Subcommands.Add(run);
        root.Subcommands.Add(check);
        root.Subcommands.Add(plan);
        root.Subcommands.Add(healthcheck);
        return root;
    }
}
