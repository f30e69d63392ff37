// Licensed under the MIT license.

namespace AliDdnsHa.Tests;

/// <summary>A temporary folder holding a configuration file (and the hosts file it points to).</summary>
internal sealed class TempConfig : IDisposable
{
    public TempConfig(string text, string extension = ".yaml")
    {
        Folder = Directory.CreateTempSubdirectory("aliddnsha-test-").FullName;
        HostsPath = System.IO.Path.Combine(Folder, "hosts");
        Path = System.IO.Path.Combine(Folder, "aliddnsha" + extension);
        File.WriteAllText(Path, text.Replace("{hosts}", HostsPath, StringComparison.Ordinal));
    }

    public string Folder { get; }

    public string Path { get; }

    public string HostsPath { get; }

    /// <summary>The addresses the hosts file holds for <paramref name="name"/>, sorted.</summary>
    public IReadOnlyList<string> Published(string name) =>
        !File.Exists(HostsPath) ? [] :
        [.. File.ReadAllLines(HostsPath)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && f.Skip(1).Contains(name))
            .Select(f => f[0])
            .Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
