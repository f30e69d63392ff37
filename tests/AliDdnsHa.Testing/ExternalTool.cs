// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>Finds the real programs the tests drive (promtool, prometheus, named, dig, tsig-keygen, helm).</summary>
/// <remarks>scripts/install-test-deps.sh installs them: BIND from Debian packages, Prometheus unpacked into
/// <c>.tools/prometheus</c>. A missing tool fails the test with that hint rather than skipping it, so CI cannot pass
/// without really running them.</remarks>
public static class ExternalTool
{
    public static string Find(string name)
    {
        string[] candidates =
        [
            RepositoryPaths.Get($".tools/prometheus/usr/bin/{name}"),
            RepositoryPaths.Get($".tools/blackbox/usr/bin/{name}"),
            RepositoryPaths.Get($".tools/helm/{name}"),
            .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(p => Path.Combine(p, name)),
            Path.Combine("/usr/sbin", name),
            Path.Combine("/sbin", name),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"'{name}' is not installed: run scripts/install-test-deps.sh (scripts/test.sh does).");
    }
}
