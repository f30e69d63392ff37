// Licensed under the MIT license.

using System.Globalization;

namespace AliDdnsHa.Testing;

/// <summary><c>dig</c> against a server on a loopback port: what a DNS client would get.</summary>
public static class Dig
{
    /// <summary>The short answers for <paramref name="name"/> and <paramref name="type"/>, sorted; empty when dig failed.
    /// <paramref name="source"/> is the local address dig asks from (<c>-b</c>), for servers that answer by client network.</summary>
    public static async Task<IReadOnlyList<string>> QueryAsync(int port, string name, string type = "A", bool tcp = false, string? source = null, CancellationToken cancellationToken = default)
    {
        var result = await ProcessRunner.RunAsync(
            ExternalTool.Find("dig"),
            ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. (source is null ? Array.Empty<string>() : ["-b", source]), "+short", "+norecurse", "+time=1", "+tries=1", .. (tcp ? new[] { "+tcp" } : []), name, type],
            cancellationToken: cancellationToken);
        return result.ExitCode != 0 ? [] : [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];
    }

    /// <summary>Asks until the server answers <paramref name="name"/> <paramref name="type"/> with something: a server
    /// started as another process has no event to wait on. Bounded; throws with <paramref name="log"/> otherwise.</summary>
    public static async Task WaitForAnswerAsync(int port, string name, string type, System.Diagnostics.Process process, string server, Func<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(log);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while ((await QueryAsync(port, name, type, cancellationToken: cancellationToken)).Count == 0)
        {
            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"{server} did not start answering {name} {type}: {log()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
