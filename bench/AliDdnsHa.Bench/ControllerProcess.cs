// Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;

namespace AliDdnsHa.Bench;

/// <summary>The controller under test in its own process (the release binary, or <c>dotnet aliddnsha.dll</c>), with its
/// CPU time and memory read from /proc.</summary>
internal sealed class ControllerProcess : IDisposable
{
    private static readonly long s_ticksPerSecond = long.Parse(Run("getconf", "CLK_TCK"), CultureInfo.InvariantCulture);
    private readonly Process _process;

    /// <param name="binary">The release binary, or <c>aliddnsha.dll</c>.</param>
    /// <param name="configPath">Its configuration.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="onLine">Each line the controller writes (its log), as it comes.</param>
    public ControllerProcess(string binary, string configPath, string workingDirectory, Action<string>? onLine = null)
    {
        var isDll = binary.EndsWith(".dll", StringComparison.Ordinal);
        _process = AliDdnsHa.Testing.ProcessRunner.Start(
            isDll ? "dotnet" : binary, isDll ? ["exec", binary, "run", "--config", configPath] : ["run", "--config", configPath], workingDirectory, onLine: onLine);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>User plus system CPU seconds so far.</summary>
    public double CpuSeconds => CpuSecondsOf(_process.Id);

    /// <summary>User plus system CPU seconds of any process, from /proc.</summary>
    internal static double CpuSecondsOf(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / (double)s_ticksPerSecond;
    }

    /// <summary>Resident set size now, and its peak, in MB.</summary>
    public (double Rss, double Peak) Memory
    {
        get
        {
            var status = File.ReadAllLines($"/proc/{_process.Id}/status");
            double Kb(string key) => double.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return (Kb("VmRSS") / 1024, Kb("VmHWM") / 1024);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static string Run(string file, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(file, argument) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}
