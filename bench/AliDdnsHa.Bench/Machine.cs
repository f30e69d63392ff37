// Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace AliDdnsHa.Bench;

/// <summary>What the numbers were measured on.</summary>
internal static class Machine
{
    public static string Describe(string binary)
    {
        var cpu = File.ReadAllLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown CPU";
        var memory = File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':')[1].Trim();
        var os = File.Exists("/etc/os-release")
            ? File.ReadAllLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=')[1].Trim('"')
            : RuntimeInformation.OSDescription;
        return $"""
            - CPU: {cpu}, {Environment.ProcessorCount} logical cores; memory {memory}
            - OS: {os}, kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}, open-files limit of this process {OpenFilesLimit()}
            - .NET (benchmark driver): {RuntimeInformation.FrameworkDescription}
            - Controller under test: `{binary}`
            """;
    }

    private static string OpenFilesLimit() =>
        File.ReadAllLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] ?? "?";
}
