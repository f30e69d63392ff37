// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Hosting;

namespace AliDdnsHa.Commands;

/// <summary><c>aliddnsha run</c>: the long-lived controller. Stops gracefully on SIGTERM or Ctrl-C.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(string? path, bool dryRun, string? webConfigFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var loaded = ConfigurationFile.Load(path, dryRun, ConfigurationFile.CommandLineOverrides(webConfigFile));
        if (!loaded.IsValid)
        {
            loaded.WriteErrors(error);
            return ExitCodes.InvalidConfiguration;
        }

        output.WriteLine($"AliDdnsHa: configuration {loaded.Source}");
        var findings = await Preflight.RunAsync(loaded.Options, cancellationToken);
        foreach (var finding in findings)
        {
            (finding.IsError ? error : output).WriteLine(finding);
        }

        if (findings.Any(f => f.IsError))
        {
            error.WriteLine("AliDdnsHa: not started; fix the configuration above (exit code 2).");
            return ExitCodes.InvalidConfiguration;
        }

        try
        {
            await using var app = ControllerHost.Build(loaded);
            await app.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error.WriteLine($"AliDdnsHa stopped on an error: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.RuntimeError;
        }
    }
}
