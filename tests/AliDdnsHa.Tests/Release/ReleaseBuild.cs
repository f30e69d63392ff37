// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary>Builds the release binary the way the Docker build does: what the Dockerfile copies, in a fresh folder,
/// then scripts/publish.sh for one runtime.</summary>
internal static class ReleaseBuild
{
    /// <summary>The program's version: Directory.Build.props <c>&lt;Version&gt;</c>, which the chart and the packages carry.</summary>
    public static string Version => System.Xml.Linq.XDocument.Load(RepositoryPaths.Get("Directory.Build.props")).Descendants("Version").Single().Value;

    private static readonly string[] s_copied = ["global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", ".editorconfig", "README.md", "eng", "src", "config", "scripts"];

    /// <summary>Copies the sources into <paramref name="work"/> and publishes <paramref name="rid"/>
    /// (<c>linux-x64</c>, <c>linux-arm64</c>); returns the binary's path.</summary>
    public static async Task<string> PublishAsync(string work, string rid, CancellationToken cancellationToken)
    {
        await RunPublishAsync(work, [rid], cancellationToken);
        return Path.Combine(work, "out", rid, "aliddnsha");
    }

    /// <summary>Copies the sources into <paramref name="work"/> and runs scripts/publish.sh for
    /// <paramref name="targets"/> with <c>--output work/out</c>; returns that output folder.</summary>
    public static async Task<string> RunPublishAsync(string work, IEnumerable<string> targets, CancellationToken cancellationToken)
    {
        var source = Path.Combine(work, "src-copy");
        if (!Directory.Exists(source))
        {
            foreach (var entry in s_copied)
            {
                Copy(RepositoryPaths.Get(entry), Path.Combine(source, entry));
            }
        }

        var output = Path.Combine(work, "out");
        var publish = await ProcessRunner.RunAsync("bash", ["scripts/publish.sh", "--output", output, .. targets], workingDirectory: source, cancellationToken: cancellationToken);
        Assert.True(publish.ExitCode == 0, publish.ToString());
        return output;
    }

    private static void Copy(string from, string to)
    {
        if (File.Exists(from))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
            return;
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue; // .dockerignore: **/bin/, **/obj/
            }

            Copy(file, Path.Combine(to, relative));
        }
    }
}
